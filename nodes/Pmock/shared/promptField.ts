import type { INodeProperties } from 'n8n-workflow';

import { PROMPT_MAX_LENGTH } from './constants';
import { toBody } from './routing';

/** A Prompt as an operation's form shows it: what to write there, and an example that fits. */
interface PromptText {
	/** The parameter name workflows save it under; the body key is always `prompt`. */
	name: string;
	description: string;
	placeholder: string;
}

/** The Prompt field: required, six rows, sent as the body's `prompt`. */
export const promptFieldOf = ({ name, description, placeholder }: PromptText): INodeProperties => ({
	displayName: 'Prompt',
	name,
	type: 'string',
	required: true,
	typeOptions: { rows: 6 },
	default: '',
	placeholder,
	description,
	routing: toBody('prompt'),
});

/**
 * Version 1's Prompt, of every Generate operation (Sora 2, Sora 2 / 2 Pro, Veo 3.1, Nano
 * Banana): one property, listed by each of them, whose description speaks to each. Not a copy
 * per operation with its own description: n8n-core evaluates a parameter's expression once for
 * every property of that name, for every item and whatever the operation, so a second
 * `prompt` would cost every item of every operation a third evaluation of
 * `{{ $json.prompt }}` (test/expressionCost.test.ts). Version 2 gives each operation its own
 * Prompt under its own name (e.g. `veoPrompt`), with a hint and an example that fit it. Each
 * operation's body check applies its own rules (Sora's 5000-character limit; Veo and Nano
 * Banana set none).
 */
export const promptField: INodeProperties = promptFieldOf({
	name: 'prompt',
	// An example that fits a video and an image alike: this one Prompt shows on both.
	placeholder: 'e.g. A corgi on a surfboard at sunset',
	description: `What to make. Sora: up to ${PROMPT_MAX_LENGTH} characters; with Storyboard on (Generate (Sora 2 with Styles)), one shot per line (see Storyboard). Veo 3.1: in English, the only language pmock's Veo reads (or turn on Translation); Get 1080p needs one too. Nano Banana: the image to create, or for Edit the change to make.`,
});
