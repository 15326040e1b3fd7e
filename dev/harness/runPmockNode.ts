import { DirectoryLoader, ExecuteContext, ExecutionLifecycleHooks, RoutingNode, WorkflowExecute } from 'n8n-core';
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
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { PmockApi } from '../../credentials/PmockApi.credentials';
import { Pmock } from '../../nodes/Pmock/Pmock.node';

export const NODE_TYPE = 'n8n-nodes-pmock.pmock';

export interface RunOptions {
	/** The node's parameters as saved in a workflow; unset ones take the description's defaults. */
	parameters: INodeParameters;
	/** The node's version as the workflow saved it (typeVersion); 2 when omitted. */
	typeVersion?: number;
	/** Input items; one empty item when omitted. */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** The node setting On Error → "Continue (regular output)" (the old "Continue On Fail"). */
	continueOnFail?: boolean;
	/** The node setting On Error: "continueRegularOutput" or "continueErrorOutput". */
	onError?: INode['onError'];
	/** The node setting Execute Once (only the first input item); only n8n's workflow engine (runPmockWorkflow) applies it. */
	executeOnce?: boolean;
	/** The node setting Retry On Fail; only n8n's workflow engine (runPmockWorkflow) applies it. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	/** The execution's cancel signal, as n8n's WorkflowExecute hands it to the node (runPmockNode only). */
	abortSignal?: AbortSignal;
	/** The execution's run data, to read what the node wrote into it (runPmockNode only). */
	runExecutionData?: IRunExecutionData;
}

/**
 * A stand-in for n8n's CredentialsHelper, doing what the real one does for this package:
 * hand out the credential's data with the credential type's defaults filled in, and apply
 * the credential type's `authenticate` to each request.
 */
function credentialsHelperFor(data: ICredentialDataDecryptedObject): ICredentialsHelper {
	const credentialType = new PmockApi();
	const withDefaults = { ...data };
	for (const property of credentialType.properties) {
		if (withDefaults[property.name] === undefined) {
			withDefaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
	}
	const helper: Partial<ICredentialsHelper> = {
		getParentTypes: () => [],
		getDecrypted: async () => ({ ...withDefaults }),
		preAuthentication: async () => undefined,
		authenticate: async (credentials, typeName, requestOptions) => {
			if (typeName !== credentialType.name) throw new Error(`unexpected credential type ${typeName}`);
			return await credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
		},
		getCredentialsProperties: () => credentialType.properties,
	};
	return helper as ICredentialsHelper;
}

/**
 * The node as n8n's loader hands it to the engine: when n8n loads a declarative node it adds
 * the "Request Options" node setting (`requestOptions`: Batching, Ignore SSL Issues, Proxy,
 * Timeout), which RoutingNode then reads. The same n8n-core step is applied here.
 */
export function loadedPmockNodeType(): INodeType {
	const nodeType = new Pmock();
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

const nodeType = loadedPmockNodeType();

const nodeTypes: INodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
};

/** The PMock node as a workflow holds it, without parameters or settings. */
export const pmockNode = (typeVersion = 2): INode => ({
	id: 'pmock-node',
	name: 'PMock',
	type: NODE_TYPE,
	typeVersion,
	position: [0, 0],
	parameters: {},
});

interface PreparedRun {
	node: INode;
	workflow: Workflow;
	items: INodeExecutionData[];
	additionalData: IWorkflowExecuteAdditionalData;
}

/** The one-node workflow, its input items and n8n's per-execution data, for either runner. */
function prepareRun(options: RunOptions): PreparedRun {
	const node: INode = {
		...pmockNode(options.typeVersion),
		credentials: { pmockApi: { id: 'cred-1', name: 'PMock account' } },
		continueOnFail: options.continueOnFail ?? false,
		...(options.onError && { onError: options.onError }),
		...(options.executeOnce && { executeOnce: true }),
		...(options.retryOnFail && {
			retryOnFail: true,
			maxTries: options.retryOnFail.maxTries,
			waitBetweenTries: options.retryOnFail.waitBetweenTries,
		}),
	};
	// n8n stores parameters with the description's defaults resolved, as the editor does.
	node.parameters =
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			options.parameters,
			true,
			false,
			node,
			nodeType.description,
		) ?? {};

	const workflow = new Workflow({
		id: 'wf-test',
		name: 'PMock test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const additionalData = {
		credentialsHelper: credentialsHelperFor(options.credentials),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeExecutionIndex: 0,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return { node, workflow, items, additionalData };
}

/**
 * Runs the PMock node the way n8n runs a declarative node: a one-node workflow, an
 * ExecuteContext, and n8n-core's RoutingNode applying routing, preSend, postReceive and
 * error handling. Resolves with the node's main output, or rejects with the node's error.
 */
export async function runPmockNode(options: RunOptions): Promise<INodeExecutionData[]> {
	const { node, workflow, items, additionalData } = prepareRun(options);
	const runExecutionData: IRunExecutionData = options.runExecutionData ?? createRunExecutionData();
	const executeData: IExecuteData = { node, data: { main: [items] }, source: null };

	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
		options.abortSignal,
	);
	const output = await new RoutingNode(context, nodeType).runNode();
	return output?.[0] ?? [];
}

/** What n8n's workflow engine recorded for the node: its tries' outcome and the final output. */
export interface WorkflowRunResult {
	output: INodeExecutionData[];
	/** The error output (On Error → Continue (using error output)). */
	errorOutput: INodeExecutionData[];
	error?: Error & { description?: string | null };
}

/**
 * Runs the one-node workflow through n8n-core's WorkflowExecute, the engine that owns the
 * node settings RoutingNode does not see, such as Retry On Fail (it re-runs the whole node,
 * every item, after a failure).
 */
export async function runPmockWorkflow(options: RunOptions): Promise<WorkflowRunResult> {
	const { node, workflow, items, additionalData } = prepareRun(options);
	additionalData.hooks = new ExecutionLifecycleHooks('manual', 'exec-test', {
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
	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: node,
		// The node's input items, as if a previous node had produced them.
		triggerToStartFrom: {
			name: node.name,
			data: { startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [items] } },
		},
	});
	const taskData = run.data.resultData.runData[node.name]?.at(-1);
	return {
		output: taskData?.data?.main?.[0] ?? [],
		errorOutput: taskData?.data?.main?.[1] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as WorkflowRunResult['error'],
	};
}
