import type { INodeProperties } from 'n8n-workflow';

import { imageUrlField, orientationField, promptField, removeWatermarkField } from './video/commonFields';
import { generateV1Model, generateV1Operation, generateV1SizeAndDuration } from './video/generateV1';
import {
	generateV2DurationAndSize,
	generateV2Model,
	generateV2Operation,
	generateV2Storyboard,
	generateV2Style,
} from './video/generateV2';

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

/**
 * The Video form in the order the editor shows it: each operation's own fields around the
 * ones both Generate operations share (video/commonFields.ts), so that
 * Generate (Sora 2) reads Model, Prompt, Style, Image URL, Orientation, Duration, Size,
 * Remove Watermark, Storyboard, and Generate (Sora 2 / 2 Pro) reads Model, Prompt, Image URL,
 * Orientation, Size, Duration, Remove Watermark.
 */
export const videoFields: INodeProperties[] = [
	generateV2Model,
	generateV1Model,
	promptField,
	generateV2Style,
	imageUrlField,
	orientationField,
	...generateV2DurationAndSize,
	...generateV1SizeAndDuration,
	removeWatermarkField,
	generateV2Storyboard,
];
