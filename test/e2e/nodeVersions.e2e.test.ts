import { useRealN8n } from './helpers/realN8n';

/**
 * Node version 2 (each operation its own parameter names where their values differ) in each
 * pinned real n8n: one run of every operation as a new node saves it, and a version 1 node of
 * the same operation (as workflows saved before version 2 hold it) still sending the same body.
 */
const n8n = useRealN8n();

const CASES = [
	{
		operation: 'Generate (Sora 2 with Styles)',
		path: '/ai/sa/video/generate/v2',
		v2: {
			sora2Prompt: 'A fox in the snow',
			styleId: 'retro',
			sora2Duration: 15,
			orientation: 'portrait',
		},
		v1: { prompt: 'A fox in the snow', styleId: 'retro', duration: 15, orientation: 'portrait' },
		body: {
			model: 'sora-2',
			prompt: 'A fox in the snow',
			orientation: 'portrait',
			size: 'small',
			duration: 15,
			removeWatermark: false,
			styleId: 'retro',
			storyboard: false,
		},
	},
	{
		operation: 'Generate (Sora 2 Pro or Sora 2)',
		path: '/ai/sa/video/generate',
		v2: {
			operation: 'generateV1',
			soraProModel: 'sora-2-pro',
			soraProPrompt: 'A lighthouse in a storm',
			soraProSize: 'large',
			soraProDuration: 25,
		},
		v1: {
			operation: 'generateV1',
			model: 'sora-2-pro',
			prompt: 'A lighthouse in a storm',
			size: 'large',
			duration: 25,
		},
		body: {
			model: 'sora-2-pro',
			prompt: 'A lighthouse in a storm',
			orientation: 'landscape',
			size: 'large',
			duration: 25,
			removeWatermark: false,
		},
	},
	{
		operation: 'Generate (Veo 3.1), Get 1080p',
		path: '/ai/gi/video/generate',
		v2: {
			operation: 'generateVeo',
			veoPrompt: 'upscale',
			veoAction: 'get1080p',
			veoModel: 'veo3_quality',
			veoVideoId: 'veo-123',
		},
		v1: { operation: 'generateVeo', prompt: 'upscale', action: 'get1080p', model: 'veo3_quality', videoId: 'veo-123' },
		body: { prompt: 'upscale', action: 'get1080p', model: 'veo3_quality', videoId: 'veo-123' },
	},
	{
		operation: 'Character → Create',
		path: '/ai/sa/create/role',
		v2: { resource: 'character', videoUrl: 'https://example.com/rex.mp4', additionalFields: { name: 'Rex' } },
		v1: { resource: 'character', videoUrl: 'https://example.com/rex.mp4', additionalFields: { name: 'Rex' } },
		body: { videoUrl: 'https://example.com/rex.mp4', name: 'Rex' },
	},
	{
		operation: 'Image → Generate (Nano Banana), Edit',
		path: '/ai/gi/image/generate',
		v2: {
			resource: 'image',
			imagePrompt: 'Make the sky purple',
			imageAction: 'edit',
			imageModel: 'nano-banana-pro',
			editImageUrls: 'https://example.com/a.png',
			imageAspectRatio: '16:9',
		},
		v1: {
			resource: 'image',
			prompt: 'Make the sky purple',
			action: 'edit',
			model: 'nano-banana-pro',
			imageUrls: 'https://example.com/a.png',
			aspectRatio: '16:9',
		},
		body: {
			prompt: 'Make the sky purple',
			action: 'edit',
			numImages: 1,
			model: 'nano-banana-pro',
			resolution: '1K',
			imageUrls: ['https://example.com/a.png'],
			aspectRatio: '16:9',
		},
	},
];

describe(`node versions in real ${n8n.name}`, () => {
	test.each(CASES.map((c) => [c.operation, c] as const))(
		'%s: version 2 and version 1 send the same body',
		async (_name, { path, v2, v1, body }) => {
			for (const [typeVersion, parameters] of [
				[2, v2],
				[1, v1],
			] as const) {
				const { received, output, error } = await n8n.run({ typeVersion, parameters });
				expect({ typeVersion, error }).toStrictEqual({ typeVersion, error: undefined });
				expect(received).toHaveLength(1);
				expect(received[0]).toMatchObject({ method: 'POST', path, signature: 'valid', response: { status: 200 } });
				expect({ typeVersion, body: received[0].body }).toStrictEqual({ typeVersion, body });
				expect(output).toHaveLength(1);
			}
		},
	);
});
