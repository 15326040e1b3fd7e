import { bodiesBehind, useRealN8n } from './helpers/realN8n';

/**
 * Audio → Generate Music (Suno) and Generate Lyrics (Suno), node version 2, in each pinned real
 * n8n against the sandbox, whose rules are written from pmock's pages rather than from the
 * node's checks.
 */
const n8n = useRealN8n();

const MUSIC = '/ai/sn/audio/generate';
const LYRICS = '/ai/sn/lyrics/generate';

describe(`Audio → Generate Music (Suno) in real ${n8n.name}`, () => {
	test('per item from expressions: a new song, a section replaced (nested objects), and an extend without a clip refused before sending', async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			items: [
				// Empty cells: no clip and no range for the new song.
				{ task: 'create', clip: '', from: '', to: '' },
				{ task: 'replace_section', clip: 'clip-7', from: 15.36, to: 53.8 },
				{ task: 'extend', clip: '', from: '', to: '' },
			],
			parameters: {
				resource: 'audio',
				operation: 'generateMusic',
				sunoTask: '={{ $json.task }}',
				sunoModel: 'chirp-v45',
				sunoClipId: '={{ $json.clip }}',
				sunoRange: { seconds: { start: '={{ $json.from }}', end: '={{ $json.to }}' } },
				sunoTags: 'synthwave, dreamy',
				sunoControls: { styleWeight: 0.7 },
			},
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(
			received.map((entry) => [entry.path, entry.signature, (entry.response.body as { code: number }).code]),
		).toEqual([
			[MUSIC, 'valid', 200],
			[MUSIC, 'valid', 200],
		]);
		expect(output[2]).toEqual({
			error: expect.stringContaining(
				"Clip ID (clipId) is empty: task extend continues a clip, so it needs the clip's ID",
			),
		});
		expect(bodiesBehind(received, output)).toEqual([
			{ task: 'create', model: 'chirp-v45', tags: 'synthwave, dreamy', controls: { styleWeight: 0.7 } },
			{
				task: 'replace_section',
				model: 'chirp-v45',
				tags: 'synthwave, dreamy',
				clipId: 'clip-7',
				range: { start: 15.36, end: 53.8 },
				controls: { styleWeight: 0.7 },
			},
			undefined,
		]);
	});
});

describe(`Audio → Generate Lyrics (Suno) in real ${n8n.name}`, () => {
	test('only a prompt: the lyrics model "default" is sent with it, and the taskId is output', async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			parameters: { resource: 'audio', operation: 'generateLyrics', lyricsPrompt: 'A song about the sea at night' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: LYRICS, signature: 'valid', response: { status: 200 } });
		expect(received[0].body).toEqual({ lyricsModel: 'default', prompt: 'A song about the sea at night' });
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});
});
