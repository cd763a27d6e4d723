import 'aws-sdk-client-mock-jest';

// No test may reach a real AWS endpoint. The SDK's default credential chain ends with the EC2
// instance metadata service (a link-local address): switch it off so that a test that forgets to
// inject a client fails fast instead of sending traffic off this machine.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
