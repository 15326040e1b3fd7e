import type { INodeProperties } from 'n8n-workflow';

import { oneOf, requiredText } from '../../shared/fieldValidators';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { AUDIO } from './resource';

/**
 * Audio → Generate Lyrics (Suno): POST /ai/sn/lyrics/generate. Song lyrics from a prompt, to
 * sing with Generate Music (Suno). Both keys are required; the page sets no maximum length.
 */

/** The lyrics models in the spec's order, with the names the list shows. */
export const LYRICS_MODELS = { default: 'Default', remiV1: 'Remi V1' } as const;

type LyricsModel = keyof typeof LYRICS_MODELS;

const LYRICS_MODEL_IDS = Object.keys(LYRICS_MODELS) as LyricsModel[];

const lyricsModelField: INodeProperties = {
	displayName: 'Lyrics Model',
	name: 'lyricsModel',
	type: 'options',
	options: byName(LYRICS_MODEL_IDS.map((value) => ({ name: LYRICS_MODELS[value], value }))),
	// "default" is the name of one of pmock's two models, and the one a user expects first.
	default: 'default',
	description: "Suno's lyrics model: Default, or Remi V1",
	routing: toBody('lyricsModel'),
};

const lyricsPromptField = promptFieldOf({
	name: 'lyricsPrompt',
	placeholder: 'e.g. A hopeful song about leaving a small town at dawn, two verses and a chorus',
	description: 'What the lyrics are about: a theme, a story, a mood, the song parts you want',
});

const label = { lyricsModel: fieldLabel(lyricsModelField), prompt: fieldLabel(lyricsPromptField) };

export const generateLyrics: PmockOperation = {
	resource: AUDIO,
	option: {
		name: 'Generate Lyrics (Suno)',
		value: 'generateLyrics',
		action: 'Generate Suno song lyrics',
		description:
			'Start Suno lyrics from a prompt (a theme or story), to sing with Generate Music (Suno); returns the task ID',
	},
	path: '/ai/sn/lyrics/generate',
	fields: [lyricsPromptField, lyricsModelField],
	/** Both keys always: the model (its default "default") and the prompt, not blank. */
	checkBody(body) {
		return {
			lyricsModel: oneOf(label.lyricsModel, body.lyricsModel, LYRICS_MODEL_IDS),
			prompt: requiredText(label.prompt, body.prompt, Infinity),
		};
	},
};
