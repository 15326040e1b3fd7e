import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { URL_MAX_LENGTH } from '../../shared/constants';
import { optionalText, requiredHttpUrl } from '../../shared/fieldValidators';
import { fieldLabel, type PmockOperation } from '../../shared/operation';
import { toBody } from '../../shared/routing';

/** Character → Create: POST /ai/sa/create/role, a reusable character from a short video. */

const CHARACTER = { name: 'Character', value: 'character' };

const videoUrlField: INodeProperties = {
	displayName: 'Video URL',
	name: 'videoUrl',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. https://example.com/clip.mp4',
	description:
		'Public http(s) URL of the video that shows the character. The clip must be at most 3 seconds long (pmock refuses longer ones).',
	routing: toBody('videoUrl'),
};

/** The optional text fields, with what each is for as far as its spec name tells. */
const optionalFields: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', description: 'Name of the character' },
	{ displayName: 'Display Name', name: 'displayName', description: 'Name to show for the character' },
	{ displayName: 'Description', name: 'description', description: 'A description of the character', rows: 3 },
	{
		displayName: 'Instruction Text',
		name: 'instructionText',
		description: 'Instructions for the character, e.g. how it should look and act in videos',
		rows: 3,
	},
	{
		displayName: 'Safety Instruction Text',
		name: 'safetyInstructionText',
		description: 'Safety instructions for the character, e.g. what it must never be shown doing',
		rows: 3,
	},
].map(({ rows, ...field }) => ({
	...field,
	type: 'string' as const,
	default: '',
	...(rows ? { typeOptions: { rows } } : {}),
	routing: toBody(field.name),
}));

const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	// Sorted by display name, as n8n's linter wants; only the fields added here are sent.
	options: [...optionalFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export const createCharacter: PmockOperation = {
	resource: CHARACTER,
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a character from a short video',
		description: 'Create a reusable character from a video clip of at most 3 seconds; returns the task ID',
	},
	path: '/ai/sa/create/role',
	fields: [videoUrlField, additionalFields],
	/** `videoUrl` is required; each optional text is sent only when set, so pmock's defaults apply to the others. */
	checkBody(body) {
		const checked: IDataObject = {
			videoUrl: requiredHttpUrl(
				fieldLabel(videoUrlField),
				body.videoUrl,
				'https://example.com/clip.mp4',
				URL_MAX_LENGTH,
			),
		};
		for (const field of optionalFields) {
			const value = optionalText(fieldLabel(field), body[field.name]);
			if (value !== undefined) checked[field.name] = value;
		}
		return checked;
	},
};
