import type { INodeProperties } from 'n8n-workflow';

import { PROMPT_MAX_LENGTH } from './constants';
import { toBody } from './routing';

/**
 * The Prompt of every Generate operation (Sora 2, Sora 2 / 2 Pro, Veo 3.1, Nano Banana): one
 * property, listed by each of them, whose description speaks to each. Not a copy per
 * operation with its own description: n8n-core evaluates a parameter's expression once for
 * every property of that name, for every item and whatever the operation, so a second
 * `prompt` would cost every item of every operation a third evaluation of
 * `{{ $json.prompt }}` (test/expressionCost.test.ts). Each operation's body check applies its
 * own rules (Sora's 5000-character limit; Veo and Nano Banana set none).
 */
export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	required: true,
	typeOptions: { rows: 6 },
	default: '',
	placeholder: 'e.g. A corgi surfing a wave at sunset, slow motion',
	description: `What to make. Sora: up to ${PROMPT_MAX_LENGTH} characters; with Storyboard on (Generate (Sora 2)), one shot per line (see Storyboard). Veo 3.1: in English, the only language pmock's Veo reads (or turn on Translation); Get 1080p needs one too. Nano Banana: the image to create, or for Edit the change to make.`,
	routing: toBody('prompt'),
};
