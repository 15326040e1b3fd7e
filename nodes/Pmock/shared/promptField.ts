import type { INodeProperties } from 'n8n-workflow';

import { toBody } from './routing';

/** A Prompt as an operation's form shows it: what to write there, and an example that fits. */
interface PromptText {
	/** The parameter name workflows save it under; the body key is always `prompt`. */
	name: string;
	description: string;
	placeholder: string;
}

/**
 * The Prompt field: required, six rows, sent as the body's `prompt`. Each operation has its
 * own (e.g. `veoPrompt`) with a hint and an example that fit it; its body check applies its
 * own rules (Sora's 5000-character limit; Veo and Nano Banana set none).
 */
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
