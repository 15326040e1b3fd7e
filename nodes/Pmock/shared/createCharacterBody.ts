import type { IDataObject } from 'n8n-workflow';

import { URL_MAX_LENGTH } from './constants';
import { optionalText, requiredHttpUrl } from './fieldValidators';

/** The optional text fields of Create Character, with the labels the node shows for them. */
export const CHARACTER_TEXT_FIELDS = {
	name: 'Name',
	displayName: 'Display Name',
	description: 'Description',
	instructionText: 'Instruction Text',
	safetyInstructionText: 'Safety Instruction Text',
} as const;

/**
 * The body of POST /ai/sa/create/role. `videoUrl` is required; each optional text field is
 * sent only when it has a value, so pmock's own defaults apply to the others.
 */
export function createCharacterBody(body: IDataObject): IDataObject {
	const checked: IDataObject = {
		videoUrl: requiredHttpUrl('Video URL (videoUrl)', body.videoUrl, 'https://example.com/clip.mp4', URL_MAX_LENGTH),
	};
	for (const [key, label] of Object.entries(CHARACTER_TEXT_FIELDS)) {
		const value = optionalText(`${label} (${key})`, body[key]);
		if (value !== undefined) checked[key] = value;
	}
	return checked;
}
