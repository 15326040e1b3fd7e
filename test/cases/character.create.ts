import type { OperationCases } from './types';

/** Character → Create: nodes/Pmock/operations/character/create.ts. */

const CLIP = 'https://cdn.example.com/clips/rex.mp4';

const URL_ALLOWED = /Allowed: a public http:\/\/ or https:\/\/ address, e\.g\. https:\/\/example\.com\/clip\.mp4\./;

export const createCharacterCases: OperationCases = {
	resource: 'character',
	operation: 'create',
	path: '/ai/sa/create/role',
	sends: [
		{ title: 'only the video URL: just videoUrl', parameters: { videoUrl: CLIP }, body: { videoUrl: CLIP } },
		{
			title: 'every field, each under its spec key',
			parameters: {
				videoUrl: CLIP,
				additionalFields: {
					name: 'rex',
					displayName: 'Rex the Corgi',
					description: 'A cheerful corgi with a red scarf',
					instructionText: 'Always wears the red scarf',
					safetyInstructionText: 'Never shown in danger',
				},
			},
			body: {
				videoUrl: CLIP,
				name: 'rex',
				displayName: 'Rex the Corgi',
				description: 'A cheerful corgi with a red scarf',
				instructionText: 'Always wears the red scarf',
				safetyInstructionText: 'Never shown in danger',
			},
		},
		{
			title: 'optional fields added but left blank are not sent',
			parameters: {
				videoUrl: CLIP,
				additionalFields: { name: 'rex', displayName: '', description: '   ', instructionText: '={{ null }}' },
			},
			body: { videoUrl: CLIP, name: 'rex' },
		},
		{
			title: 'a number from an expression is sent as text',
			parameters: { videoUrl: 'http://example.com/b.mp4', additionalFields: { name: '={{ 7 }}' } },
			body: { videoUrl: 'http://example.com/b.mp4', name: '7' },
		},
		{
			title: 'a video URL with a space, percent-encoded',
			parameters: { videoUrl: ' https://example.com/my clip.mp4 ' },
			body: { videoUrl: 'https://example.com/my%20clip.mp4' },
		},
	],
	refuses: [
		...[
			['missing', {}, 'Video URL (videoUrl) is empty'],
			['blank', { videoUrl: '  ' }, 'Video URL (videoUrl) is empty'],
			[
				'an ftp URL',
				{ videoUrl: 'ftp://example.com/c.mp4' },
				'Video URL (videoUrl) must be an http(s) URL, not ftp: "ftp://example.com/c.mp4"',
			],
			[
				'a file URL',
				{ videoUrl: 'file:///tmp/c.mp4' },
				'Video URL (videoUrl) must be an http(s) URL, not file: "file:///tmp/c.mp4"',
			],
			['plain text', { videoUrl: 'my clip' }, 'Video URL (videoUrl) is not a valid URL: "my clip"'],
			[
				'a list from an expression',
				{ videoUrl: `={{ ["${CLIP}"] }}` },
				`Video URL (videoUrl) must be a URL, not ["${CLIP}"]`,
			],
		].map(([title, parameters, message]) => ({
			title: `video URL ${title as string}`,
			parameters: parameters as Record<string, unknown>,
			message: message as string,
			description: URL_ALLOWED,
		})),
		{
			title: 'an optional field that is not text, named',
			parameters: { videoUrl: CLIP, additionalFields: { displayName: '={{ { first: "Rex" } }}' } },
			message: 'Display Name (displayName) must be text, not object',
			description: 'Allowed: text, or leave the field out.',
		},
	],
};
