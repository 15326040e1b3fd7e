import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	booleanValue,
	FieldValueError,
	isBlank,
	numberIn,
	oneOf,
	optionalText,
	showValue,
} from '../../shared/fieldValidators';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { toBody } from '../../shared/routing';
import { AUDIO } from './resource';

/**
 * Audio → Generate Music (Suno): POST /ai/sn/audio/generate. One endpoint, eleven tasks: a new
 * song, or work on a clip made before (extend, cover, replace a section, add vocals or an
 * instrumental, split into stems). pmock's page lists every field for every task; which task
 * uses which field, and which it needs, is our reading of it and of other Suno resellers'
 * pages (docs/spec-readings.md, Suno). Each field shows for the tasks that use it only.
 */

/** The tasks in the spec's order, with what each does to which clip (the messages say why a field is needed). */
export const TASKS = {
	create: {
		name: 'Create',
		description: 'A new song from lyrics, a description or style tags',
		does: 'makes a new song',
	},
	extend: {
		name: 'Extend',
		description: 'Continue a Suno clip, from a second of it or its end',
		does: 'continues a clip',
	},
	upload_extend: {
		name: 'Extend Uploaded Audio',
		description: 'Continue audio uploaded to Suno (its clip ID), from a second of it or its end',
		does: 'continues the clip of uploaded audio',
	},
	upload_cover: {
		name: 'Cover Uploaded Audio',
		description: 'A new version of audio uploaded to Suno (its clip ID), in other styles or with other lyrics',
		does: 'covers the clip of uploaded audio',
	},
	cover: {
		name: 'Cover',
		description: 'A new version of a Suno clip, in other styles or with other lyrics',
		does: 'covers a clip',
	},
	use_styles_lyrics: {
		name: 'Use Styles and Lyrics',
		description: "A new song in a clip's styles, with new lyrics",
		does: "takes a clip's styles",
	},
	replace_section: {
		name: 'Replace Section',
		description: 'Make a time range of a clip again, e.g. with new lyrics (Infill Lyrics)',
		does: 'replaces a section of a clip',
	},
	add_instrumental: {
		name: 'Add Instrumental',
		description: 'An accompaniment for a vocal clip, over a time range',
		does: 'adds an instrumental to a clip',
	},
	add_vocals: {
		name: 'Add Vocals',
		description: 'Vocals over an instrumental clip, over a time range',
		does: 'adds vocals to a clip',
	},
	gen_stem_two: {
		name: 'Stems: Vocals and Instrumental',
		description: 'Split a clip into two tracks: vocals and instrumental',
		does: 'splits a clip into stems',
	},
	gen_stem_all: {
		name: 'Stems: All Tracks',
		description: 'Split a clip into a track per voice and instrument',
		does: 'splits a clip into stems',
	},
} as const;

export type Task = keyof typeof TASKS;

const TASK_IDS = Object.keys(TASKS) as Task[];

/** The models in the spec's order, with the Suno version each is. */
export const MODELS = {
	'chirp-v35': 'Suno v3.5',
	'chirp-v40': 'Suno v4',
	'chirp-v45': 'Suno v4.5',
	'chirp-45+': 'Suno v4.5+',
	'chirp-v45-lite': 'Suno v4.5 Lite',
	'chirp-v50': 'Suno v5',
} as const;

type Model = keyof typeof MODELS;

const MODEL_IDS = Object.keys(MODELS) as Model[];

/** The page names no default (its example is chirp-v35); the newest model is what Suno itself offers first. */
const DEFAULT_MODEL: Model = 'chirp-v50';

const VOCAL_GENDERS = ['m', 'f'] as const;

const ON_A_CLIP = TASK_IDS.filter((task) => task !== 'create');

/** Every task but the stems, which split a clip as it is and take nothing else. */
const SHAPES_MUSIC = TASK_IDS.filter((task) => !task.startsWith('gen_stem'));

/** The tasks that make a whole song (new, or from a whole clip). */
const MAKES_A_SONG: Task[] = ['create', 'extend', 'upload_extend', 'upload_cover', 'cover', 'use_styles_lyrics'];

/**
 * The tasks that use each optional body key: the form shows its field for these only, and the
 * body check refuses a value set for any other task (an expression's task shows every field).
 */
export const TASKS_USING = {
	clipId: ON_A_CLIP,
	continueAt: ['extend', 'upload_extend'],
	range: ['replace_section', 'add_instrumental', 'add_vocals'],
	infillContextRange: ['replace_section'],
	gptDescriptionPrompt: ['create'],
	prompt: SHAPES_MUSIC.filter((task) => task !== 'add_instrumental'),
	continuedAlignedPrompt: ['replace_section'],
	infillLyrics: ['replace_section'],
	title: SHAPES_MUSIC,
	tags: SHAPES_MUSIC,
	negativeTags: SHAPES_MUSIC,
	makeInstrumental: MAKES_A_SONG,
	vocalGender: [...MAKES_A_SONG, 'replace_section', 'add_vocals'],
	persona: MAKES_A_SONG,
	controls: SHAPES_MUSIC,
} satisfies Record<string, Task[]>;

type Key = keyof typeof TASKS_USING;

/** Every task that works on a time range needs one (the clip, needed by every task but create, is checked apart). */
const NEEDS_RANGE: readonly Task[] = TASKS_USING.range;

const shownFor = (key: Key) => ({ show: { sunoTask: TASKS_USING[key] } });

const taskField: INodeProperties = {
	displayName: 'Task',
	name: 'sunoTask',
	type: 'options',
	options: byName(TASK_IDS.map((value) => ({ value, name: TASKS[value].name, description: TASKS[value].description }))),
	default: 'create',
	description: 'What to make: a new song, or something from a Suno clip made before (its Clip ID)',
	routing: toBody('task'),
};

const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'sunoModel',
	type: 'options',
	options: byName(MODEL_IDS.map((value) => ({ value, name: `${MODELS[value]} (${value})` }))),
	default: DEFAULT_MODEL,
	description: 'Suno model version. To work on a clip, Suno resellers advise the model the clip was made with.',
	routing: toBody('model'),
};

const clipIdField: INodeProperties = {
	displayName: 'Clip ID',
	name: 'sunoClipId',
	type: 'string',
	displayOptions: shownFor('clipId'),
	default: '',
	placeholder: 'e.g. the clip ID of a Suno song made before',
	description:
		'ID of the Suno clip the task works on: a song made before, or for the Uploaded Audio tasks the clip of audio uploaded to Suno. Required for every task but Create.',
	routing: toBody('clipId'),
};

const continueAtField: INodeProperties = {
	displayName: 'Continue At (Seconds)',
	name: 'sunoContinueAt',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	displayOptions: shownFor('continueAt'),
	default: 0,
	description:
		'Second of the clip to continue from, e.g. 120.5. 0 sends none: Suno continues from the end of the clip.',
	routing: toBody('continueAt'),
};

/** A start and an end in seconds, sent as `{ start, end }` under `key` (only once added: nothing is sent otherwise). */
function secondsRange(
	key: 'range' | 'infillContextRange',
	field: Omit<INodeProperties, 'type' | 'default'>,
): INodeProperties {
	const second = (name: 'start' | 'end', displayName: string, description: string): INodeProperties => ({
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description,
		routing: toBody(`${key}.${name}`),
	});
	return {
		...field,
		type: 'fixedCollection',
		default: {},
		displayOptions: shownFor(key),
		options: [
			{
				displayName: 'Seconds',
				name: 'seconds',
				values: [
					second('start', 'Start', 'Second of the clip where the range starts, e.g. 15.36'),
					second('end', 'End', 'Second of the clip where the range ends: after the start, e.g. 53.8'),
				],
			},
		],
	};
}

const rangeField = secondsRange('range', {
	displayName: 'Range',
	name: 'sunoRange',
	placeholder: 'Add Range',
	description:
		'The time range of the clip the task works on, in seconds: the section to replace (Suno resellers advise more than 6 seconds), or where to add vocals or an instrumental. Required for these tasks.',
});

const infillContextRangeField = secondsRange('infillContextRange', {
	displayName: 'Infill Context Range',
	name: 'sunoInfillContextRange',
	placeholder: 'Add Context Range',
	description:
		'The part of the clip, in seconds, that Suno listens to around the section it replaces (usually wider than Range). Optional.',
});

/** A text field sent as `key` when not empty. */
const textField = (key: Key, field: Omit<INodeProperties, 'type' | 'default'>, rows = 1): INodeProperties => ({
	...field,
	type: 'string',
	...(rows > 1 ? { typeOptions: { rows } } : {}),
	displayOptions: shownFor(key),
	default: '',
	routing: toBody(key),
});

const gptDescriptionPromptField = textField(
	'gptDescriptionPrompt',
	{
		displayName: 'Song Description',
		name: 'sunoGptDescriptionPrompt',
		placeholder: 'e.g. An upbeat summer pop song about a road trip with friends',
		description:
			'A short description of the song: Suno writes the lyrics from it (GPT). Leave empty to sing your own Lyrics instead; one of the two, or Style Tags, is needed.',
	},
	2,
);

const promptField = textField(
	'prompt',
	{
		displayName: 'Lyrics',
		name: 'sunoPrompt',
		placeholder: 'e.g. [Verse]\nSun on the dashboard, wind in our hair\n[Chorus]\nWe drive till the road ends',
		description:
			'The lyrics to sing, with section tags such as [Verse] and [Chorus] if you like. For Replace Section: the lyrics within the Infill Context Range.',
	},
	6,
);

const continuedAlignedPromptField = textField(
	'continuedAlignedPrompt',
	{
		displayName: 'Continued Aligned Prompt',
		name: 'sunoContinuedAlignedPrompt',
		placeholder: 'e.g. [Verse 1]\nOriginal lines…\n[Chorus]\nThe new lines…',
		description: "The whole song's lyrics as they are after the replacement (recommended by pmock for Replace Section)",
	},
	6,
);

const infillLyricsField = textField(
	'infillLyrics',
	{
		displayName: 'Infill Lyrics',
		name: 'sunoInfillLyrics',
		placeholder: 'e.g. [Bridge]\nThe new lines for the section',
		description: 'The lyrics of the replaced section only (Range)',
	},
	3,
);

const titleField = textField('title', {
	displayName: 'Title',
	name: 'sunoTitle',
	placeholder: 'e.g. Road Trip Sunrise',
	description: 'Title of the song',
});

const tagsField = textField('tags', {
	displayName: 'Style Tags',
	name: 'sunoTags',
	placeholder: 'e.g. pop, upbeat, female vocals',
	description: 'Styles of the song, comma separated (an expression may give a list)',
});

const negativeTagsField = textField('negativeTags', {
	displayName: 'Negative Tags',
	name: 'sunoNegativeTags',
	placeholder: 'e.g. heavy metal, slow',
	description: 'Styles the song should avoid, comma separated (an expression may give a list)',
});

const makeInstrumentalField: INodeProperties = {
	displayName: 'Make Instrumental',
	name: 'sunoMakeInstrumental',
	type: 'boolean',
	displayOptions: shownFor('makeInstrumental'),
	default: false,
	description: 'Whether to make music without vocals (sent only when on)',
	routing: toBody('makeInstrumental'),
};

const vocalGenderField: INodeProperties = {
	displayName: 'Vocal Gender',
	name: 'sunoVocalGender',
	type: 'options',
	displayOptions: shownFor('vocalGender'),
	options: [
		{ name: 'Any', value: '', description: 'None sent: Suno chooses' },
		{ name: 'Female', value: 'f' },
		{ name: 'Male', value: 'm' },
	],
	default: '',
	description: 'The voice to sing',
	routing: toBody('vocalGender'),
};

const personaField: INodeProperties = {
	displayName: 'Persona',
	name: 'sunoPersona',
	type: 'fixedCollection',
	placeholder: 'Add Persona',
	displayOptions: shownFor('persona'),
	default: {},
	description: "A Suno persona to sing in the style of: the persona's ID and the clip of its artist, both needed",
	options: [
		{
			displayName: 'Persona',
			name: 'persona',
			values: [
				{
					displayName: 'Persona ID',
					name: 'personaId',
					type: 'string',
					default: '',
					description: 'ID of the Suno persona',
					routing: toBody('persona.personaId'),
				},
				{
					displayName: 'Artist Clip ID',
					name: 'artistClipId',
					type: 'string',
					default: '',
					description: "ID of the persona's artist clip",
					routing: toBody('persona.artistClipId'),
				},
			],
		},
	],
};

/** The sliders, each from 0 to 1: pmock's page ("All values are between 0 and 1"). */
const CONTROLS = {
	audioWeight: { displayName: 'Audio Weight', description: "How closely to follow the clip's audio, from 0 to 1" },
	styleWeight: { displayName: 'Style Weight', description: 'How closely to follow the Style Tags, from 0 to 1' },
	weirdnessConstraint: {
		displayName: 'Weirdness',
		description: 'How unexpected the result may be, from 0 (conventional) to 1 (experimental)',
	},
} as const;

const CONTROL_KEYS = Object.keys(CONTROLS) as Array<keyof typeof CONTROLS>;

const controlsField: INodeProperties = {
	displayName: 'Controls',
	name: 'sunoControls',
	type: 'collection',
	placeholder: 'Add Control',
	displayOptions: shownFor('controls'),
	default: {},
	description: "Suno's sliders, each from 0 to 1; only those added are sent, Suno's defaults apply to the others",
	// Sorted by display name, as n8n's linter wants.
	options: CONTROL_KEYS.map((name) => ({
		...CONTROLS[name],
		name,
		type: 'number' as const,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		routing: toBody(`controls.${name}`),
	})),
};

const label = {
	task: fieldLabel(taskField),
	model: fieldLabel(modelField),
	clipId: fieldLabel(clipIdField),
	continueAt: fieldLabel(continueAtField),
	range: 'Range (range)',
	infillContextRange: 'Infill Context Range (infillContextRange)',
	gptDescriptionPrompt: fieldLabel(gptDescriptionPromptField),
	prompt: fieldLabel(promptField),
	continuedAlignedPrompt: fieldLabel(continuedAlignedPromptField),
	infillLyrics: fieldLabel(infillLyricsField),
	title: fieldLabel(titleField),
	tags: fieldLabel(tagsField),
	negativeTags: fieldLabel(negativeTagsField),
	makeInstrumental: fieldLabel(makeInstrumentalField),
	vocalGender: fieldLabel(vocalGenderField),
	persona: 'Persona (persona)',
	controls: 'Controls (controls)',
} satisfies Record<Key | 'task' | 'model', string>;

/** "tasks extend and upload_extend": the tasks a sentence names. */
const taskList = (tasks: readonly Task[]): string =>
	tasks.length === 1 ? `task ${tasks[0]}` : `tasks ${tasks.slice(0, -1).join(', ')} and ${tasks[tasks.length - 1]}`;

/** A nested object from the form or an expression: a plain object, or undefined when not added. */
function objectOf(field: string, value: unknown, allowed: string): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new FieldValueError(field, `must be an object, not ${showValue(value)}: give ${allowed}`, allowed);
	}
	return Object.keys(value).length === 0 ? undefined : (value as IDataObject);
}

/** A `{ start, end }` in seconds: both at least 0, the end after the start. */
function secondsRangeValue(key: 'range' | 'infillContextRange', value: unknown): IDataObject | undefined {
	const allowed = `{ start, end } in seconds, each 0 or more, the end after the start`;
	const range = objectOf(label[key], value, allowed);
	// Both blank (e.g. empty cells for a task that takes no range) is a range not set.
	if (!range || (isBlank(range.start) && isBlank(range.end))) return undefined;
	const second = (name: 'start' | 'end') =>
		numberIn(
			`${label[key].replace(/ \(.*$/, '')} → ${name === 'start' ? 'Start' : 'End'} (${key}.${name})`,
			range[name],
			0,
			Infinity,
			'seconds of the clip',
		);
	const start = second('start');
	const end = second('end');
	if (end <= start) {
		throw new FieldValueError(
			label[key],
			`ends at ${end} s, not after its start at ${start} s: set an End greater than the Start`,
			allowed,
		);
	}
	return { start, end };
}

/** Style tags: text, or a list from an expression sent as one comma-separated text. */
function tagsValue(field: string, value: unknown): string | undefined {
	if (Array.isArray(value) && value.every((tag) => typeof tag === 'string')) {
		return optionalText(
			field,
			value
				.map((tag) => tag.trim())
				.filter((tag) => tag !== '')
				.join(', '),
		);
	}
	return optionalText(field, value);
}

function personaValue(value: unknown): IDataObject | undefined {
	const allowed = "{ personaId, artistClipId }: the persona's ID and its artist clip's ID";
	const persona = objectOf(label.persona, value, allowed);
	if (!persona) return undefined;
	const part = (name: 'personaId' | 'artistClipId', what: string) => {
		const field = `Persona → ${name === 'personaId' ? 'Persona ID' : 'Artist Clip ID'} (persona.${name})`;
		const text = optionalText(field, persona[name])?.trim();
		if (!text) {
			throw new FieldValueError(
				field,
				`is empty: a persona needs both its ID and its artist clip's ID (pmock: provide both): enter ${what}, or remove the Persona`,
				allowed,
			);
		}
		return text;
	};
	return {
		personaId: part('personaId', "the persona's ID"),
		artistClipId: part('artistClipId', "the artist clip's ID"),
	};
}

function controlsValue(value: unknown): IDataObject | undefined {
	const controls = objectOf(
		label.controls,
		value,
		'{ styleWeight, audioWeight, weirdnessConstraint }, each from 0 to 1',
	);
	if (!controls) return undefined;
	const checked: IDataObject = {};
	for (const name of ['styleWeight', 'audioWeight', 'weirdnessConstraint'] as const) {
		if (isBlank(controls[name])) continue;
		const field = `Controls → ${CONTROLS[name].displayName} (controls.${name})`;
		checked[name] = numberIn(field, controls[name], 0, 1, "pmock's sliders go from 0 to 1");
	}
	return Object.keys(checked).length === 0 ? undefined : checked;
}

/** Each optional key's value as sent, or undefined when not set (then it is not sent). */
function optionalValues(body: IDataObject): Partial<Record<Key, unknown>> {
	const continueAt = isBlank(body.continueAt)
		? undefined
		: numberIn(label.continueAt, body.continueAt, 0, Infinity, 'seconds of the clip; 0 continues from its end');
	const makeInstrumental =
		body.makeInstrumental === undefined ? false : booleanValue(label.makeInstrumental, body.makeInstrumental);
	const vocalGender = optionalText(label.vocalGender, body.vocalGender)?.trim();
	return {
		// The spec's key order, which the body keeps.
		makeInstrumental: makeInstrumental || undefined,
		prompt: optionalText(label.prompt, body.prompt),
		continuedAlignedPrompt: optionalText(label.continuedAlignedPrompt, body.continuedAlignedPrompt),
		infillLyrics: optionalText(label.infillLyrics, body.infillLyrics),
		gptDescriptionPrompt: optionalText(label.gptDescriptionPrompt, body.gptDescriptionPrompt),
		tags: tagsValue(label.tags, body.tags),
		negativeTags: tagsValue(label.negativeTags, body.negativeTags),
		title: optionalText(label.title, body.title),
		// An ID pasted with a space or a line break around it names the same clip.
		clipId: optionalText(label.clipId, body.clipId)?.trim(),
		continueAt: continueAt || undefined,
		range: secondsRangeValue('range', body.range),
		infillContextRange: secondsRangeValue('infillContextRange', body.infillContextRange),
		persona: personaValue(body.persona),
		controls: controlsValue(body.controls),
		vocalGender: vocalGender ? oneOf(label.vocalGender, vocalGender, VOCAL_GENDERS) : undefined,
	};
}

export const generateMusic: PmockOperation = {
	resource: AUDIO,
	option: {
		name: 'Generate Music (Suno)',
		value: 'generateMusic',
		action: 'Generate Suno music',
		description:
			'Start a Suno song from lyrics, a description or style tags, or extend, cover, remix a section of, add vocals or an instrumental to, or split into stems a Suno clip; returns the task ID',
	},
	path: '/ai/sn/audio/generate',
	fields: [
		taskField,
		modelField,
		clipIdField,
		continueAtField,
		rangeField,
		infillContextRangeField,
		gptDescriptionPromptField,
		promptField,
		continuedAlignedPromptField,
		infillLyricsField,
		titleField,
		tagsField,
		negativeTagsField,
		makeInstrumentalField,
		vocalGenderField,
		personaField,
		controlsField,
	],
	/**
	 * task and model always; every other key only when set, and only with a task that uses it
	 * (TASKS_USING): a value set for another task (from an expression) is refused, not dropped.
	 * The clip for every task but create, the range for the tasks that work on one; create needs
	 * lyrics, a description or style tags, and not both lyrics and a description.
	 */
	checkBody(body) {
		const task = oneOf(label.task, body.task, TASK_IDS);
		const checked: IDataObject = { task, model: oneOf(label.model, body.model, MODEL_IDS) };
		const values = optionalValues(body);
		for (const [key, value] of Object.entries(values) as Array<[Key, unknown]>) {
			if (value === undefined) continue;
			const users: readonly Task[] = TASKS_USING[key];
			if (!users.includes(task)) {
				throw new FieldValueError(
					label[key],
					`cannot be sent with task ${task}: only ${taskList(users)} use it. Leave it empty, or choose one of those tasks`,
					`${label[key]} only with ${taskList(users)}`,
				);
			}
			checked[key] = value as IDataObject[string];
		}
		if (task !== 'create' && values.clipId === undefined) {
			throw new FieldValueError(
				label.clipId,
				`is empty: task ${task} ${TASKS[task].does}, so it needs the clip's ID`,
				`the ID of a Suno clip: every task but create requires one`,
			);
		}
		if (NEEDS_RANGE.includes(task) && values.range === undefined) {
			throw new FieldValueError(
				label.range,
				`is not set: task ${task} works on a time range of the clip, so it needs one: add Range with its Start and End in seconds`,
				`{ start, end } in seconds: ${taskList(NEEDS_RANGE)} require it`,
			);
		}
		if (task === 'create') {
			if (values.prompt === undefined && values.gptDescriptionPrompt === undefined && values.tags === undefined) {
				throw new FieldValueError(
					label.prompt,
					`is empty, and so are ${label.gptDescriptionPrompt} and ${label.tags}: task create needs your lyrics, a description to write them from, or style tags (with Make Instrumental on for music without vocals)`,
					'lyrics, a song description or style tags',
				);
			}
			if (values.prompt !== undefined && values.gptDescriptionPrompt !== undefined) {
				throw new FieldValueError(
					label.gptDescriptionPrompt,
					`cannot be sent together with ${label.prompt}: Suno either sings your lyrics or writes them from the description. Empty one of the two`,
					'lyrics or a song description, not both',
				);
			}
		}
		return checked;
	},
};
