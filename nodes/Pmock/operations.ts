import { createCharacter } from './operations/character/create';
import { generateImage } from './operations/image/generate';
import { generateGptImage } from './operations/image/generateGptImage';
import { generateV1 } from './operations/video/generateV1';
import { generateV2 } from './operations/video/generateV2';
import { generateVeo } from './operations/video/generateVeo';
import type { PmockOperation } from './shared/operation';

/**
 * Every operation of the node, one module each (operations/<resource>/<operation>.ts). Their
 * order is the order of the resources and of the fields in the form; the first operation of a
 * resource is its default. Adding an operation is adding its module and a line here.
 */
export const OPERATIONS: PmockOperation[] = [
	generateV2,
	generateV1,
	generateVeo,
	createCharacter,
	generateImage,
	generateGptImage,
];
