import { generateGrokImage } from './image.generateGrokImage';
import { audioGenerateLyrics } from './audio.generateLyrics';
import { audioGenerateMusic } from './audio.generateMusic';
import type { OperationCases } from './types';
import { generateGrokVideo } from './video.generateGrokVideo';

/**
 * Every operation's row, one file each beside this one (`<resource>.<operation>.ts`).
 * test/operationCases.test.ts fails when an operation of the node has no row here.
 */
export const OPERATION_CASES: OperationCases[] = [
	generateGrokVideo,
	generateGrokImage,
	audioGenerateMusic,
	audioGenerateLyrics,
];
