import type { OperationCases } from './types';

/** Audio → Generate Music (Suno): every task, every model and vocal gender, every nested object. */

const CLIP = '3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f4a1b2c';
const LYRICS = '[Verse]\nSun on the dashboard, wind in our hair\n[Chorus]\nWe drive till the road ends';
const range = (start: number, end: number) => ({ seconds: { start, end } });

export const audioGenerateMusic: OperationCases = {
	resource: 'audio',
	operation: 'generateMusic',
	path: '/ai/sn/audio/generate',
	sends: [
		{
			title: 'create from a song description only: the task and model defaults are sent, nothing else',
			parameters: { sunoGptDescriptionPrompt: 'An upbeat summer pop song about a road trip' },
			body: { task: 'create', model: 'chirp-v50', gptDescriptionPrompt: 'An upbeat summer pop song about a road trip' },
		},
		{
			title:
				'create from lyrics with every create field: title, tags, negative tags, male voice, persona, all three controls',
			parameters: {
				sunoModel: 'chirp-v35',
				sunoPrompt: LYRICS,
				sunoTitle: 'Road Trip Sunrise',
				sunoTags: 'pop, upbeat',
				sunoNegativeTags: 'heavy metal',
				sunoVocalGender: 'm',
				sunoPersona: { persona: { personaId: ' persona-1 ', artistClipId: 'clip-artist' } },
				sunoControls: { styleWeight: 0.6, audioWeight: 0, weirdnessConstraint: 1 },
			},
			body: {
				task: 'create',
				model: 'chirp-v35',
				prompt: LYRICS,
				title: 'Road Trip Sunrise',
				tags: 'pop, upbeat',
				negativeTags: 'heavy metal',
				vocalGender: 'm',
				persona: { personaId: 'persona-1', artistClipId: 'clip-artist' },
				controls: { styleWeight: 0.6, audioWeight: 0, weirdnessConstraint: 1 },
			},
		},
		{
			title: 'create an instrumental from style tags (a list from an expression is sent as one text)',
			parameters: { sunoModel: 'chirp-v40', sunoTags: '={{ ["lo-fi", "piano"] }}', sunoMakeInstrumental: true },
			body: { task: 'create', model: 'chirp-v40', makeInstrumental: true, tags: 'lo-fi, piano' },
		},
		{
			title: 'extend a clip from second 120.5 with new lyrics and a female voice',
			parameters: {
				sunoTask: 'extend',
				sunoModel: 'chirp-v45',
				sunoClipId: ` ${CLIP}\n`,
				sunoContinueAt: 120.5,
				sunoPrompt: LYRICS,
				sunoVocalGender: 'f',
			},
			body: { task: 'extend', model: 'chirp-v45', prompt: LYRICS, clipId: CLIP, continueAt: 120.5, vocalGender: 'f' },
		},
		{
			title: 'extend uploaded audio from its end (Continue At 0 sends none)',
			parameters: { sunoTask: 'upload_extend', sunoModel: 'chirp-45+', sunoClipId: CLIP, sunoContinueAt: 0 },
			body: { task: 'upload_extend', model: 'chirp-45+', clipId: CLIP },
		},
		{
			title: 'cover uploaded audio in other styles, with an audio weight',
			parameters: {
				sunoTask: 'upload_cover',
				sunoModel: 'chirp-v45-lite',
				sunoClipId: CLIP,
				sunoTags: 'bossa nova',
				sunoControls: { audioWeight: 0.4 },
			},
			body: {
				task: 'upload_cover',
				model: 'chirp-v45-lite',
				tags: 'bossa nova',
				clipId: CLIP,
				controls: { audioWeight: 0.4 },
			},
		},
		{
			title: 'cover a clip as jazz',
			parameters: { sunoTask: 'cover', sunoClipId: CLIP, sunoTags: 'jazz' },
			body: { task: 'cover', model: 'chirp-v50', tags: 'jazz', clipId: CLIP },
		},
		{
			title: "a clip's styles with new lyrics and a title",
			parameters: { sunoTask: 'use_styles_lyrics', sunoClipId: CLIP, sunoPrompt: LYRICS, sunoTitle: 'Second Verse' },
			body: { task: 'use_styles_lyrics', model: 'chirp-v50', prompt: LYRICS, title: 'Second Verse', clipId: CLIP },
		},
		{
			title: 'replace a section: range, context range, aligned lyrics and infill lyrics, sent as objects',
			parameters: {
				sunoTask: 'replace_section',
				sunoClipId: CLIP,
				sunoRange: range(15.36, 53.8),
				sunoInfillContextRange: range(0, 69.16),
				sunoContinuedAlignedPrompt: '[Verse 1]\nOld lines\n[Chorus]\nNew lines',
				sunoInfillLyrics: '[Chorus]\nNew lines',
			},
			body: {
				task: 'replace_section',
				model: 'chirp-v50',
				continuedAlignedPrompt: '[Verse 1]\nOld lines\n[Chorus]\nNew lines',
				infillLyrics: '[Chorus]\nNew lines',
				clipId: CLIP,
				range: { start: 15.36, end: 53.8 },
				infillContextRange: { start: 0, end: 69.16 },
			},
		},
		{
			title: 'add an instrumental over a range, in a style',
			parameters: {
				sunoTask: 'add_instrumental',
				sunoClipId: CLIP,
				sunoRange: range(0, 30),
				sunoTags: 'acoustic guitar',
			},
			body: {
				task: 'add_instrumental',
				model: 'chirp-v50',
				tags: 'acoustic guitar',
				clipId: CLIP,
				range: { start: 0, end: 30 },
			},
		},
		{
			title: 'add vocals over a range, with lyrics',
			parameters: {
				sunoTask: 'add_vocals',
				sunoClipId: CLIP,
				sunoRange: range(10, 40.5),
				sunoPrompt: LYRICS,
				sunoVocalGender: 'f',
			},
			body: {
				task: 'add_vocals',
				model: 'chirp-v50',
				prompt: LYRICS,
				clipId: CLIP,
				range: { start: 10, end: 40.5 },
				vocalGender: 'f',
			},
		},
		{
			title: 'two stems: only the clip',
			parameters: { sunoTask: 'gen_stem_two', sunoClipId: CLIP },
			body: { task: 'gen_stem_two', model: 'chirp-v50', clipId: CLIP },
		},
		{
			title: 'all stems: only the clip',
			parameters: { sunoTask: 'gen_stem_all', sunoClipId: CLIP },
			body: { task: 'gen_stem_all', model: 'chirp-v50', clipId: CLIP },
		},
		{
			title: 'a task from an expression: values typed as text ("30", "0.5") are sent as numbers',
			parameters: {
				sunoTask: '={{ "extend" }}',
				sunoClipId: CLIP,
				sunoContinueAt: '={{ "30" }}',
				sunoControls: { styleWeight: '={{ "0.5" }}' },
			},
			body: { task: 'extend', model: 'chirp-v50', clipId: CLIP, continueAt: 30, controls: { styleWeight: 0.5 } },
		},
		{
			title: 'a task from an expression with empty cells for the range and Continue At: neither is sent',
			parameters: {
				sunoTask: '={{ "create" }}',
				sunoTags: 'ambient',
				sunoContinueAt: '={{ "" }}',
				sunoRange: { seconds: { start: '={{ "" }}', end: '={{ "" }}' } },
			},
			body: { task: 'create', model: 'chirp-v50', tags: 'ambient' },
		},
	],
	refuses: [
		{
			title: 'extend without a clip',
			parameters: { sunoTask: 'extend', sunoPrompt: LYRICS },
			message: "Clip ID (clipId) is empty: task extend continues a clip, so it needs the clip's ID",
		},
		{
			title: 'stems of a clip ID of spaces only',
			parameters: { sunoTask: 'gen_stem_all', sunoClipId: '   ' },
			message: "Clip ID (clipId) is empty: task gen_stem_all splits a clip into stems, so it needs the clip's ID",
		},
		{
			title: 'replace a section without a range',
			parameters: { sunoTask: 'replace_section', sunoClipId: CLIP, sunoInfillLyrics: 'new lines' },
			message:
				'Range (range) is not set: task replace_section works on a time range of the clip, so it needs one: add Range with its Start and End in seconds',
		},
		{
			title: 'a range that ends before it starts',
			parameters: { sunoTask: 'add_vocals', sunoClipId: CLIP, sunoRange: range(40, 10) },
			message: 'Range (range) ends at 10 s, not after its start at 40 s: set an End greater than the Start',
		},
		{
			title: 'a range of no length (the form defaults, 0 to 0)',
			parameters: { sunoTask: 'add_instrumental', sunoClipId: CLIP, sunoRange: range(0, 0) },
			message: 'Range (range) ends at 0 s, not after its start at 0 s',
		},
		{
			title: 'a context range that starts before the clip',
			parameters: {
				sunoTask: 'replace_section',
				sunoClipId: CLIP,
				sunoRange: range(10, 20),
				sunoInfillContextRange: range(-5, 30),
			},
			message: 'Infill Context Range → Start (infillContextRange.start) cannot be -5: enter a number from 0 up',
		},
		{
			title: 'a negative Continue At',
			parameters: { sunoTask: 'extend', sunoClipId: CLIP, sunoContinueAt: -3 },
			message: 'Continue At (Seconds) (continueAt) cannot be -3: enter a number from 0 up',
		},
		{
			title: 'Continue At that is not a number',
			parameters: { sunoTask: 'extend', sunoClipId: CLIP, sunoContinueAt: '={{ "two minutes" }}' },
			message: 'Continue At (Seconds) (continueAt) must be a number, not "two minutes"',
		},
		{
			title: 'a control above 1',
			parameters: { sunoPrompt: LYRICS, sunoControls: { styleWeight: 1.5 } },
			message:
				"Controls → Style Weight (controls.styleWeight) cannot be 1.5: enter a number from 0 to 1: pmock's sliders go from 0 to 1",
		},
		{
			title: 'a persona without its artist clip',
			parameters: { sunoPrompt: LYRICS, sunoPersona: { persona: { personaId: 'persona-1', artistClipId: '' } } },
			message:
				"Persona → Artist Clip ID (persona.artistClipId) is empty: a persona needs both its ID and its artist clip's ID",
		},
		{
			title: 'create with nothing to make a song from',
			parameters: { sunoTitle: 'Untitled' },
			message:
				'Lyrics (prompt) is empty, and so are Song Description (gptDescriptionPrompt) and Style Tags (tags): task create needs your lyrics, a description to write them from, or style tags',
		},
		{
			title: 'create with both lyrics and a description',
			parameters: { sunoPrompt: LYRICS, sunoGptDescriptionPrompt: 'a pop song' },
			message:
				'Song Description (gptDescriptionPrompt) cannot be sent together with Lyrics (prompt): Suno either sings your lyrics or writes them from the description. Empty one of the two',
		},
		{
			title: 'a task from an expression with a field that task does not use',
			parameters: { sunoTask: '={{ "cover" }}', sunoClipId: CLIP, sunoContinueAt: 30 },
			message:
				'Continue At (Seconds) (continueAt) cannot be sent with task cover: only tasks extend and upload_extend use it. Leave it empty, or choose one of those tasks',
		},
		{
			title: 'a task pmock does not offer, from an expression',
			parameters: { sunoTask: '={{ "remix" }}', sunoClipId: CLIP },
			message: 'Task (task) cannot be "remix"',
		},
		{
			title: 'a vocal gender pmock does not offer, from an expression',
			parameters: { sunoPrompt: LYRICS, sunoVocalGender: '={{ "x" }}' },
			message: 'Vocal Gender (vocalGender) cannot be "x"',
		},
	],
};
