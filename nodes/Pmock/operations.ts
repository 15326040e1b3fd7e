import { generateLyrics } from './operations/audio/generateLyrics';
import { generateMusic } from './operations/audio/generateMusic';
import { createCharacter } from './operations/character/create';
import { generateImage } from './operations/image/generate';
import { generateGptImage } from './operations/image/generateGptImage';
import { grokImagineImage } from './operations/image/grokImagine';
import { generateSoraPro } from './operations/video/generateSoraPro';
import { generateSoraStyles } from './operations/video/generateSoraStyles';
import { generateVeo } from './operations/video/generateVeo';
import { grokImagineVideo } from './operations/video/grokImagine';
import type { PmockOperation } from './shared/operation';

/**
 * Every operation of the node, one module each (operations/<resource>/<operation>.ts). Their
 * order is the order of the resources and of the fields in the form; the first operation of a
 * resource is its default. Adding an operation is adding its module and a line here.
 */
export const OPERATIONS: PmockOperation[] = [
	generateSoraStyles,
	generateSoraPro,
	generateVeo,
	grokImagineVideo,
	createCharacter,
	generateImage,
	generateGptImage,
	grokImagineImage,
	generateMusic,
	generateLyrics,
];
