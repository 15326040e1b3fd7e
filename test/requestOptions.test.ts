import type { INodeParameters } from 'n8n-workflow';

import { credentialsFor, useSandbox } from './helpers/sandbox';
import { loadedPmockNodeType, runPmockNode } from '../dev/harness/runPmockNode';

/**
 * The node setting "Request Options" (`requestOptions`) that n8n adds to every declarative
 * node when it loads it: Batching, Ignore SSL Issues, Proxy and Timeout, read by n8n-core's
 * RoutingNode. The package declares none of them itself: n8n would list each twice.
 */

const ACCESS_KEY = 'ak-request-options-test';
const SECRET_KEY = 'sk-request-options-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const run = (items: number, requestOptions?: INodeParameters) =>
	runPmockNode({
		parameters: {
			resource: 'video',
			operation: 'generateV2',
			sora2Prompt: '={{ $json.prompt }}',
			...(requestOptions && { requestOptions }),
		},
		items: Array.from({ length: items }, (_, index) => ({ prompt: `prompt ${index + 1}` })),
		credentials: credentialsFor(server),
	});

describe('Request Options', () => {
	test('the loaded node offers Batching, Ignore SSL Issues, Proxy and Timeout, each once, as a node setting', () => {
		const properties = loadedPmockNodeType().description.properties.filter(
			(property) => property.name === 'requestOptions',
		);
		expect(properties).toHaveLength(1);
		const [requestOptions] = properties;
		expect(requestOptions).toMatchObject({
			displayName: 'Request Options',
			type: 'collection',
			isNodeSetting: true,
			default: {},
		});
		expect((requestOptions.options ?? []).map((option) => option.name)).toStrictEqual([
			'batching',
			'allowUnauthorizedCerts',
			'proxy',
			'timeout',
		]);
	});

	test('without Batching every item of the run is in flight at once', async () => {
		server.reset((_request, index) => ({
			body: { code: 200, message: 'ok', data: { taskId: `task-${index + 1}` }, traceId: 't' },
			// Long enough that the 4 requests overlap even on a loaded machine (at 150 ms, a
			// shared 2-core machine at load 10 once saw only 3 at a time).
			delayMs: 1500,
		}));
		const output = await run(4);
		expect(output).toHaveLength(4);
		expect(server.peakInFlight).toBe(4);
	});

	test('Batching sends the items a batch at a time and keeps every taskId in input order', async () => {
		server.reset((request) => ({
			body: {
				code: 200,
				message: 'ok',
				data: { taskId: `task-for-${(request.body as { prompt: string }).prompt}` },
				traceId: 't',
			},
			delayMs: 50,
		}));
		const output = await run(5, { batching: { batch: { batchSize: 2, batchInterval: 600 } } });
		// Each batch is answered long before the next one starts.
		expect(server.peakInFlight).toBe(2);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(
			[1, 2, 3, 4, 5].map((index) => `task-for-prompt ${index}`),
		);
	});
});
