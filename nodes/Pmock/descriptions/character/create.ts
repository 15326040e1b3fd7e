import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CREATE_CHARACTER_PATH } from '../../shared/constants';
import { CHARACTER_TEXT_FIELDS, createCharacterBody } from '../../shared/createCharacterBody';
import { startTaskRouting, toBody } from '../routing';

/** Character → Create: POST /ai/sa/create/role, a reusable character from a short video. */

const showForCreate = { show: { resource: ['character'], operation: ['create'] } };

export const createCharacterOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a character from a short video',
	description:
		'Create a reusable character from a video clip of at most 3 seconds; returns the task ID',
	routing: startTaskRouting(CREATE_CHARACTER_PATH, createCharacterBody),
};

/** What each optional field is for, as far as its spec name tells. */
const OPTIONAL_FIELD_TEXT: Record<keyof typeof CHARACTER_TEXT_FIELDS, { description: string; rows?: number }> = {
	name: { description: 'Name of the character' },
	displayName: { description: 'Name to show for the character' },
	description: { description: 'A description of the character', rows: 3 },
	instructionText: { description: 'Instructions for the character, e.g. how it should look and act in videos', rows: 3 },
	safetyInstructionText: { description: 'Safety instructions for the character, e.g. what it must never be shown doing', rows: 3 },
};

export const createCharacterFields: INodeProperties[] = [
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		required: true,
		displayOptions: showForCreate,
		default: '',
		placeholder: 'e.g. https://example.com/clip.mp4',
		description:
			'Public http(s) URL of the video that shows the character. The clip must be at most 3 seconds long (pmock refuses longer ones).',
		routing: toBody('videoUrl'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: showForCreate,
		default: {},
		// Sorted by display name, as n8n's linter wants; only the fields added here are sent.
		options: (Object.keys(CHARACTER_TEXT_FIELDS) as Array<keyof typeof CHARACTER_TEXT_FIELDS>)
			.map((key): INodeProperties => ({
				displayName: CHARACTER_TEXT_FIELDS[key],
				name: key,
				type: 'string',
				default: '',
				...(OPTIONAL_FIELD_TEXT[key].rows ? { typeOptions: { rows: OPTIONAL_FIELD_TEXT[key].rows } } : {}),
				description: OPTIONAL_FIELD_TEXT[key].description,
				routing: toBody(key),
			}))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];
