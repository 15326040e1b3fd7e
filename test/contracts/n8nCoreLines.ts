import { dirname } from 'path';

import type * as N8nCore from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import type * as N8nWorkflow from 'n8n-workflow';

/**
 * The n8n-core lines the contract tests run against, in one jest process: `n8n-core` (the
 * 2.8 line, as n8n 2.8.4 ships it) and `n8n-core-2.41` (an npm alias of n8n-core 2.41.1, as n8n
 * 2.41.1 ships it). Each comes with the n8n-workflow it itself loads (2.41's is nested in its
 * folder), so that its classes (NodeApiError, Workflow) are the ones its RoutingNode checks
 * against. Typed as the 2.8 line: the parts used here have the same shape in both.
 */
export interface N8nCoreLine {
	/** "n8n-core 2.8.1", as test names show it. */
	name: string;
	core: typeof N8nCore;
	workflow: typeof N8nWorkflow;
}

/** jest's require (not createRequire), so that n8n-core and these tests share one module instance. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (path: string): unknown => require(path);

function lineOf(corePackage: string): N8nCoreLine {
	const folder = dirname(require.resolve(`${corePackage}/package.json`));
	const { version } = load(`${corePackage}/package.json`) as { version: string };
	return {
		name: `n8n-core ${version}`,
		core: load(corePackage) as typeof N8nCore,
		workflow: load(require.resolve('n8n-workflow', { paths: [folder] })) as typeof N8nWorkflow,
	};
}

export const N8N_CORE_PACKAGES = ['n8n-core', 'n8n-core-2.41'] as const;

/** Loads both lines (about 4 s the first time in a jest worker). */
export const loadN8nCoreLines = (): N8nCoreLine[] => N8N_CORE_PACKAGES.map(lineOf);

export interface ContractRunOptions {
	/** The node's parameters; unset ones take the description's defaults. */
	parameters?: INodeParameters;
	/** Input items; one empty item when omitted. */
	items?: IDataObject[];
	/** The input the items arrive on: `main`, or `ai_tool` as for a node run as an AI Agent tool. */
	input?: 'main' | 'ai_tool';
	/** The credential's data, handed to `authenticate`. */
	credentials?: ICredentialDataDecryptedObject;
	/** The credential type's authenticate, as n8n's CredentialsHelper applies it to each request. */
	authenticate?: (
		credentials: ICredentialDataDecryptedObject,
		options: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	/** The node setting On Error → Continue. */
	continueOnFail?: boolean;
	/** The execution's cancel signal (runRoutingNode only; WorkflowExecute makes its own). */
	abortSignal?: AbortSignal;
	/** The node setting Execute Once (runWorkflow only: WorkflowExecute applies it). */
	executeOnce?: boolean;
	/** The node setting Retry On Fail (runWorkflow only). */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
}

/** The node type as n8n's loader hands it to the engine: with the Request Options n8n adds. */
export function loadedNodeType(line: N8nCoreLine, nodeType: INodeType): INodeType {
	line.core.DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

/** The one-node workflow and n8n's per-execution data, as dev/harness/runPmockNode.ts builds them. */
function prepare(line: N8nCoreLine, nodeType: INodeType, options: ContractRunOptions) {
	const { description } = nodeType;
	const credentialName = description.credentials?.[0]?.name;
	const node: INode = {
		id: 'contract-node',
		name: 'Contract',
		type: `contract.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...(credentialName && { credentials: { [credentialName]: { id: 'cred-1', name: 'Contract account' } } }),
		continueOnFail: options.continueOnFail ?? false,
		...(options.executeOnce && { executeOnce: true }),
		...(options.retryOnFail && {
			retryOnFail: true,
			maxTries: options.retryOnFail.maxTries,
			waitBetweenTries: options.retryOnFail.waitBetweenTries,
		}),
	};
	node.parameters =
		line.workflow.NodeHelpers.getNodeParameters(
			description.properties,
			options.parameters ?? {},
			true,
			false,
			node,
			description,
		) ?? {};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new line.workflow.Workflow({
		id: 'wf-contract',
		name: 'Contract',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const credentials = options.credentials ?? {};
	// isCredentialUsableByNode: asked by n8n-core 2.41 before handing out a credential.
	const credentialsHelper: Partial<ICredentialsHelper> & { isCredentialUsableByNode(): boolean } = {
		getParentTypes: () => [],
		getDecrypted: async () => ({ ...credentials }),
		preAuthentication: async () => undefined,
		authenticate: async (data, _type, requestOptions) =>
			options.authenticate
				? await options.authenticate(data, requestOptions as IHttpRequestOptions)
				: (requestOptions as IHttpRequestOptions),
		getCredentialsProperties: () => [],
		isCredentialUsableByNode: () => true,
	};
	const additionalData = {
		credentialsHelper,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeExecutionIndex: 0,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	return { node, workflow, items, additionalData };
}

/** Runs the node through the line's RoutingNode, as runPmockNode does: its main output, or its error. */
export async function runRoutingNode(
	line: N8nCoreLine,
	nodeType: INodeType,
	options: ContractRunOptions = {},
): Promise<INodeExecutionData[]> {
	const { node, workflow, items, additionalData } = prepare(line, nodeType, options);
	const inputData = { [options.input ?? 'main']: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	const context = new line.core.ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		line.workflow.createRunExecutionData(),
		0,
		items,
		inputData,
		executeData,
		[],
		options.abortSignal,
	);
	const output = await new line.core.RoutingNode(context, nodeType).runNode();
	return output?.[0] ?? [];
}

/** Runs the one-node workflow through the line's WorkflowExecute (Retry On Fail): the output and error it recorded. */
export async function runWorkflow(
	line: N8nCoreLine,
	nodeType: INodeType,
	options: ContractRunOptions = {},
): Promise<{ output: INodeExecutionData[]; error?: Error }> {
	const { node, workflow, items, additionalData } = prepare(line, nodeType, options);
	additionalData.hooks = new line.core.ExecutionLifecycleHooks('manual', 'exec-contract', {
		id: workflow.id,
		name: workflow.name,
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const run = await new line.core.WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: node,
		triggerToStartFrom: {
			name: node.name,
			data: { startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [items] } },
		},
	});
	const taskData = run.data.resultData.runData[node.name]?.at(-1);
	return {
		output: taskData?.data?.main?.[0] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as Error | undefined,
	};
}
