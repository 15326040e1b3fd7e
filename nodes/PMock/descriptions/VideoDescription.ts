import type { INodeProperties } from 'n8n-workflow';

import { generateV1Fields, generateV1Operation } from './video/generateV1';
import { generateV2Fields, generateV2Operation } from './video/generateV2';

/** Resource Video: its operations, each defined with its fields in descriptions/video/. */

export const videoOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [generateV2Operation, generateV1Operation],
		default: 'generateV2',
	},
];

export const videoFields: INodeProperties[] = [...generateV2Fields, ...generateV1Fields];
