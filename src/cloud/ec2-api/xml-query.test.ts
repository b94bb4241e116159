import { describe, expect, it } from 'vitest';
import { CloudError } from '../errors.js';
import { QueryParams } from './query.js';
import { statusFor } from './server.js';
import { xmlError, xmlResponse } from './xml.js';

describe('EC2 query parameters', () => {
  const q = new QueryParams(
    'Action=DescribeInstances&Version=2016-11-15&InstanceId.2=i-b&InstanceId.1=i-a&InstanceId.10=i-j' +
      '&Filter.1.Name=tag%3Ateam&Filter.1.Value.1=blue&Filter.1.Value.2=red&TagSpecification.1.ResourceType=instance' +
      '&TagSpecification.1.Tag.1.Key=a&TagSpecification.1.Tag.1.Value=1&TagSpecification.2.ResourceType=volume&TagSpecification.2.Tag.1.Key=v&TagSpecification.2.Tag.1.Value=2',
  );
  it('reads numbered lists in numeric order, filters and tag specifications', () => {
    expect(q.list('InstanceId')).toEqual(['i-a', 'i-b', 'i-j']);
    expect(q.filters()).toEqual([{ name: 'tag:team', values: ['blue', 'red'] }]);
    expect(q.tagSpecifications('instance')).toEqual({ a: '1' });
  });
  it('reports missing and malformed parameters as InvalidParameterValue', () => {
    expect(() => q.require('InstanceType')).toThrow(CloudError);
    expect(() => new QueryParams('MaxResults=x').int('MaxResults', 5)).toThrow(/Invalid value 'x' for MaxResults/);
  });
});

describe('EC2 XML', () => {
  it('renders responses in the EC2 namespace with <item> lists, escaped text and no undefined members', () => {
    expect(xmlResponse('CreateTags', 'req-1', { return: true, set: [{ key: 'a<b', value: "it's" }], missing: undefined })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>' +
        '<return>true</return><set><item><key>a&lt;b</key><value>it&apos;s</value></item></set></CreateTagsResponse>',
    );
  });
  it('renders error documents and maps codes to EC2 HTTP statuses', () => {
    expect(xmlError('InvalidInstanceID.NotFound', "The instance ID 'i-1' does not exist", 'r')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>' +
        '<Message>The instance ID &apos;i-1&apos; does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>',
    );
    expect([statusFor('RequestLimitExceeded'), statusFor('InsufficientInstanceCapacity'), statusFor('InvalidParameterValue')]).toEqual([503, 500, 400]);
  });
});
