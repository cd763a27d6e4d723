import 'aws-sdk-client-mock-jest';

// No test may reach a real AWS endpoint. The SDK's default credential chain ends with the EC2
// instance metadata service (a link-local address): switch it off so that a test that forgets to
// inject a client fails fast instead of sending traffic off this machine.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

// The SDK warns once per process that its 2027 releases will need Node 22; on this project's Node 20
// CI that is eight lines of noise in every suite's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
