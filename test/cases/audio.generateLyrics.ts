import type { OperationCases } from './types';

/** Audio → Generate Lyrics (Suno): both lyrics models; the prompt is required. */

const PROMPT = 'A hopeful song about leaving a small town at dawn, two verses and a chorus';

export const audioGenerateLyrics: OperationCases = {
	resource: 'audio',
	operation: 'generateLyrics',
	path: '/ai/sn/lyrics/generate',
	sends: [
		{
			title: 'only a prompt: the lyrics model "default" is sent with it',
			parameters: { lyricsPrompt: PROMPT },
			body: { lyricsModel: 'default', prompt: PROMPT },
		},
		{
			title: 'Remi V1',
			parameters: { lyricsPrompt: PROMPT, lyricsModel: 'remiV1' },
			body: { lyricsModel: 'remiV1', prompt: PROMPT },
		},
	],
	refuses: [
		{ title: 'no prompt', parameters: { lyricsPrompt: '  ' }, message: 'Prompt (prompt) is empty' },
		{
			title: 'a prompt of invisible characters',
			parameters: { lyricsPrompt: '\u200b\u200b' },
			message: 'Prompt (prompt) has no visible characters',
		},
		{
			title: 'a lyrics model pmock does not offer, from an expression',
			parameters: { lyricsPrompt: PROMPT, lyricsModel: '={{ "remiV2" }}' },
			message: 'Lyrics Model (lyricsModel) cannot be "remiV2"',
		},
	],
};
