import type { Resource } from '../../shared/operation';

/** Resource Audio: its operations are the modules beside this file. */
export const AUDIO: Resource = { name: 'Audio', value: 'audio' };
