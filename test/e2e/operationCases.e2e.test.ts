import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { isDeepStrictEqual } from 'util';

import type { IDataObject } from 'n8n-workflow';

import { REPO_ROOT } from '../../dev/harness/lines';
import { manualTriggerNode } from '../../dev/harness/workflowNodes';
import type { LoggedRequest } from '../../sandbox/sandboxServer';
import { OPERATION_CASES } from '../cases';
import { CREDENTIALS, exampleWorkflow, NODE_TYPE, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * The table of operation cases (test/cases/) in the real n8n of this jest project: every case
 * that sends is one PMock node of ONE workflow (Start → every PMock node), run by a single
 * `n8n execute`, so that the whole table costs one import and one run per n8n line. For each
 * node: the sandbox received its exact body, signed, at its row's path, and accepted it by its
 * endpoint rules (answered code 200); n8n's parsed output holds the taskId answered to it.
 * The refusals run through n8n-core's RoutingNode in test/operationCases.test.ts.
 */
const n8n = useRealN8n();

/** Every sending case of every row, with the PMock node that runs it. */
const CASES = OPERATION_CASES.flatMap((row) =>
	row.sends.map((sent) => ({ row, sent, title: `${row.resource} → ${row.operation}: ${sent.title}` })),
).map((entry, index) => ({ ...entry, nodeName: `PMock ${index + 1}` }));

/** The image an answer carried, as the sandbox logs it (its size and SHA-256), if it was an image answer. */
function answeredImage(request: LoggedRequest | undefined): { bytes: number; sha256: string } | undefined {
	const data = (request?.response.body as { data?: unknown } | undefined)?.data;
	return Array.isArray(data) ? (data[0] as { image?: { bytes: number; sha256: string } })?.image : undefined;
}

/** 200 when the request was answered with an image and the node output a file of its size. */
function imageAnswered(request: LoggedRequest | undefined, output: IDataObject | undefined): number | undefined {
	const image = answeredImage(request);
	return request?.response.status === 200 && image && output?.fileSize === image.bytes ? 200 : undefined;
}

describe(`the table of operation cases in real ${n8n.name}`, () => {
	test(`one workflow of ${CASES.length} PMock nodes, one per case: each sends its body and outputs its taskId or image`, async () => {
		const id = 'e2eOperationCases';
		const trigger = manualTriggerNode(id);
		const nodes = CASES.map(({ row, sent, nodeName }, index) => ({
			id: `${id}-${index + 1}`,
			name: nodeName,
			type: NODE_TYPE,
			typeVersion: 2,
			position: [400, index * 120],
			parameters: { resource: row.resource, operation: row.operation, ...sent.parameters },
			credentials: { pmockApi: CREDENTIALS.sandbox },
		}));
		const connections = {
			[trigger.name]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
		};
		const { received, result, error } = await n8n.execute({
			id,
			name: 'e2e operation cases',
			active: false,
			nodes: [trigger, ...nodes],
			connections,
			settings: { executionOrder: 'v1' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(CASES.length);
		const answered = new Map(taskIdsAnswered(received).map((taskId, index) => [taskId, received[index]]));

		const outcomes = CASES.map(({ title, nodeName, row, sent }) => {
			const output = (result.data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []).map(
				(item) => item.json as IDataObject,
			);
			// A taskId names its request; an image answer has none: its request is the one with its body.
			const request =
				row.answer === 'image'
					? received.find((entry) => entry.path === row.path && isDeepStrictEqual(entry.body, sent.body))
					: answered.get(output[0]?.taskId as string);
			return {
				title,
				outputs: output.length,
				path: request?.path,
				signature: request?.signature,
				code:
					row.answer === 'image'
						? imageAnswered(request, output[0])
						: (request?.response.body as { code?: number } | undefined)?.code,
				body: request?.body,
				_row: row,
			};
		});
		expect(outcomes.map(({ _row, ...outcome }) => outcome)).toStrictEqual(
			CASES.map(({ title, row, sent }) => ({
				title,
				outputs: 1,
				path: row.path,
				signature: 'valid',
				code: 200,
				body: sent.body,
			})),
		);
	});

	/** The workflows in examples/ that a Manual Trigger starts (the webhook one is run by test/queue/). */
	const EXAMPLES = readdirSync(join(REPO_ROOT, 'examples')).filter((file) => {
		const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as {
			nodes: Array<{ type: string }>;
		};
		return workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger');
	});

	test.each(EXAMPLES)(
		'examples/%s runs, and the node after PMock reads what it output (a taskId, or an image file)',
		async (file) => {
			const workflow = exampleWorkflow(file);
			const { received, result, error } = await n8n.execute(workflow);
			expect(error).toBeUndefined();
			expect(received).toHaveLength(1);
			expect(received[0]).toMatchObject({ signature: 'valid', response: { status: 200 } });
			const image = answeredImage(received[0]);
			if (!image) expect(received[0]).toMatchObject({ response: { body: { code: 200 } } });
			// What PMock output and the next node reads: the taskId, or the image's file (its size as sent).
			const [taskId] = image ? [] : taskIdsAnswered(received);
			const pmock = (workflow.nodes as Array<{ name: string; type: string }>).find((node) => node.type === NODE_TYPE)!;
			// The node after PMock, or PMock itself when the example ends there (the image example).
			const next =
				(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> } | undefined>)[pmock.name]
					?.main[0][0].node ?? pmock.name;
			const after = result.data.resultData.runData[next][0].data!.main[0]!;
			if (image) {
				const output = result.data.resultData.runData[pmock.name][0].data!.main[0]!;
				expect(output[0].json).toMatchObject({ fileSize: image.bytes });
				expect(after.length).toBeGreaterThan(0);
			} else expect(JSON.stringify(after.map((item) => item.json))).toContain(taskId);
		},
	);
});
