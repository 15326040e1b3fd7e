import type { Resource } from '../../shared/operation';

/** Resource Video: its operations are the modules beside this file. */
export const VIDEO: Resource = { name: 'Video', value: 'video' };
