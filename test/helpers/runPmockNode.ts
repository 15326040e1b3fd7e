import { ExecuteContext, RoutingNode } from 'n8n-core';
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
import { PMock } from '../../nodes/PMock/PMock.node';

export const NODE_TYPE = 'n8n-nodes-pmock.pmock';

export interface RunOptions {
	/** The node's parameters as saved in a workflow; unset ones take the description's defaults. */
	parameters: INodeParameters;
	/** Input items; one empty item when omitted. */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** "Continue (using error output)" / continue on fail. */
	continueOnFail?: boolean;
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

const nodeType: INodeType = new PMock();

const nodeTypes: INodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
};

/**
 * Runs the PMock node the way n8n runs a declarative node: a one-node workflow, an
 * ExecuteContext, and n8n-core's RoutingNode applying routing, preSend, postReceive and
 * error handling. Resolves with the node's main output, or rejects with the node's error.
 */
export async function runPmockNode(options: RunOptions): Promise<INodeExecutionData[]> {
	const node: INode = {
		id: 'pmock-node',
		name: 'PMock',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { pmockApi: { id: 'cred-1', name: 'PMock account' } },
		continueOnFail: options.continueOnFail ?? false,
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
	const runExecutionData: IRunExecutionData = createRunExecutionData();
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
	);
	const output = await new RoutingNode(context, nodeType).runNode();
	return output?.[0] ?? [];
}
