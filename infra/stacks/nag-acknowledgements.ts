import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag findings every Lambda function of this app has by construction, acknowledged
 * with the reason. Kept in one place so the reasons stay the same everywhere.
 */
export function acknowledgeLambdaBaseline(fn: IConstruct): void {
  Validations.of(fn).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole grants only log-stream creation and log writes, which every function needs; AWS maintains it as the logging API evolves.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (tracing: ACTIVE) support no resource-level permissions; AWS documents Resource "*" as the only option.',
    },
  );
}
