/**
 * An error as the AWS SDK throws it: `name` is the AWS error code, `$metadata` the response's (an
 * HTTP status when one is given). The one way tests make an AWS error.
 */
export function awsError(code: string, message = code, httpStatusCode?: number): Error {
  return Object.assign(new Error(message), {
    name: code,
    $metadata: httpStatusCode === undefined ? {} : { httpStatusCode },
  });
}
