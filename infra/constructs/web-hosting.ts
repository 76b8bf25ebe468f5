import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Distribution, HttpVersion, PriceClass, ResponseHeadersPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** What the web page needs to find the API and sign customers in, served as `/config.json`. */
export interface WebRuntimeConfig {
  readonly apiUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly region: string;
  /** The Cognito hosted sign-in page's base URL (the page appends /oauth2/authorize, /oauth2/token). */
  readonly signInUrl: string;
}

/**
 * The customer-facing page: a private S3 bucket behind CloudFront (origin access control, HTTPS
 * only, security headers), with S3 server access logs and CloudFront standard logs kept in a
 * separate log bucket. Both buckets are retained when the stack is deleted: the log bucket
 * is evidence, and emptying the site bucket would need a custom-resource Lambda for no gain.
 */
export class WebHosting extends Construct {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the origin the API's CORS configuration allows. */
  readonly origin: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs; S3 server access logging uses the
      // bucket policy CDK adds.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own accesses into itself would recurse.',
    });

    this.siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 's3/site/',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with an ACM certificate (TLSv1.2_2021) is not configured yet.',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Customers and partners may order from any country; there is no legal or licensing reason to restrict by geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static files from a private bucket; a WAF web ACL would add cost without protecting any dynamic surface.',
      },
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads the built page (`web/dist`) plus `config.json`, and invalidates the CDN cache.
   * Call it only when the folder exists: a fresh clone has no built page, and synthesis
   * (including the tests) must work there.
   */
  deploy(distDirectory: string, config: WebRuntimeConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(distDirectory), Source.jsonData('config.json', config)],
      destinationBucket: this.siteBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    // The upload runs in a singleton Lambda that aws-cdk-lib places at stack level, outside
    // this construct; its role and runtime are the library's.
    const uploaders = Stack.of(this).node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    const copyReason =
      'BucketDeployment copies a whole asset folder: CDK grants it object-level wildcards on exactly the bootstrap asset bucket and the site bucket.';
    for (const uploader of uploaders) {
      Validations.of(uploader).acknowledge(
        {
          id: 'AwsSolutions-L1',
          reason:
            'The runtime of the BucketDeployment handler (Python, with the AWS CLI) is chosen by aws-cdk-lib and moves with its upgrades.',
        },
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'The BucketDeployment handler needs only log writes, which AWSLambdaBasicExecutionRole grants; the role is created by aws-cdk-lib.',
        },
        ...['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*'].map(
          (finding) => ({
            id: `AwsSolutions-IAM5[${finding}]`,
            reason: copyReason,
          }),
        ),
        {
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
          reason: copyReason,
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.siteBucket.node.defaultChild as never)}.Arn>/*]`,
          reason: copyReason,
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'cloudfront:CreateInvalidation (invalidating the site after upload) supports no resource-level permission in the policy CDK generates.',
        },
      );
    }
    return deployment;
  }
}
