import type { Resource } from '../../shared/operation';

/** Resource Image: its operations are the modules beside this file. */
export const IMAGE: Resource = { name: 'Image', value: 'image' };
