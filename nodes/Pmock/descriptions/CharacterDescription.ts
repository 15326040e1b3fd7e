import type { INodeProperties } from 'n8n-workflow';

import { createCharacterFields, createCharacterOperation } from './character/create';

/** Resource Character: its operations, each defined with its fields in descriptions/character/. */

export const characterOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['character'] } },
		options: [createCharacterOperation],
		default: 'create',
	},
];

export const characterFields: INodeProperties[] = [...createCharacterFields];
