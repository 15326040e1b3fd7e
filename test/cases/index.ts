import { generateGrokImage } from './image.generateGrokImage';
import { audioGenerateLyrics } from './audio.generateLyrics';
import { audioGenerateMusic } from './audio.generateMusic';
import { createCharacterCases } from './character.create';
import { nanoBananaCases } from './image.generate';
import { soraProCases } from './video.generateV1';
import { soraStylesCases } from './video.generateV2';
import { veoCases } from './video.generateVeo';
import { gptImageImageCases, gptImageTaskCases } from './image.generateGptImage';
import type { OperationCases } from './types';
import { generateGrokVideo } from './video.generateGrokVideo';

/**
 * Every operation's row, one file each beside this one (`<resource>.<operation>.ts`).
 * test/operationCases.test.ts fails when an operation of the node has no row here.
 */
export const OPERATION_CASES: OperationCases[] = [
	soraStylesCases,
	soraProCases,
	veoCases,
	createCharacterCases,
	nanoBananaCases,
	gptImageTaskCases,
	gptImageImageCases,
	generateGrokVideo,
	generateGrokImage,
	audioGenerateMusic,
	audioGenerateLyrics,
];
