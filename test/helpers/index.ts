/**
 * The front door of the test helpers: what most tests need to build their input and read what the
 * code under test sent. Import from here (`../../helpers`) rather than from the file that holds it;
 * the specialised stand-ins (a mocked account, the fake EC2 endpoint APIs, packaging) stay in their
 * own modules.
 *
 * - {@link estate}: a snapshot built VPC by VPC, route by route (`estate().vpc(…).subnet(…)…input()`),
 *   or whole VPCs from their specs (`estate(region).vpcs([numberedVpc(1, …)]).build()`);
 *   {@link oneSubnetEstate} and {@link nightEstate} start from common shapes
 * - {@link finding} and {@link report}: a finding with sensible defaults, a report around findings
 * - {@link awsError}: an error as the AWS SDK throws it; {@link throttledRegionError}: a region that
 *   failed its collection
 * - {@link publishingSpies}: stubs of SNS and CloudWatch; {@link publishedMessage},
 *   {@link metricValue} and {@link metricValues} read what a handler published through them
 * - {@link runInMemory}: the CLI run in-process on its arguments, its exit code and what it wrote;
 *   {@link expectRefused} asserts a refused run (exit 2, one message, no stack trace)
 * - {@link clientFactory}: an account's AWS client factory from the clients a test gives, the rest
 *   filled with quiet mocks
 */
export {
  ACCOUNT,
  analyze,
  estate,
  exemptTag,
  nightEstate,
  oneSubnetEstate,
  subnetOf,
  verdictOf,
} from './estate-builder';
export { leakingVpcs, numberedVpc, type TableSpec, type VpcSpec } from './vpc-specs';
export { finding, report } from './cost-fixtures';
export { awsError } from './aws-error';
export { expectRefused, runInMemory, type CliRun } from './memory-io';
export { clientFactory, type ClientFactoryParts } from './client-factory';
export { throttledRegionError } from './reports';
export {
  metricValue,
  metricValues,
  publishedMessage,
  publishingSpies,
  type PublishedMessage,
  type PublishingSpies,
} from './aws-spies';
