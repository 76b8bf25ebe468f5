/**
 * Companies, their contacts and standard configurations. A company's items share one partition
 * (profile, `CONTACT#`, `STANDARD#`); a pointer resolves a company id to its tenant (admins);
 * each contact's customer holds a `COMPANY` membership item in their own partition, written in
 * the same transaction with `attribute_not_exists`, so a customer belongs to at most one company.
 */
import {
  GetCommand,
  QueryCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Company, CompanyContact, StandardConfiguration } from '#companies/company';
import type { CompanyStore } from '#companies/ports';
import { ConflictError, NotFoundError } from '#core/errors';
import { keys } from './keys.ts';
import { callStore, failedConditions, type NamedTransaction, namedTransaction } from './store-errors.ts';

export type CreateCompanyAction = 'company' | 'company-pointer';
export type AddContactAction = 'company' | 'customer' | 'contact' | 'membership';

/** The company and its id pointer (pure). */
export function buildCreateCompanyTransaction(tableName: string, company: Company): NamedTransaction<CreateCompanyAction> {
  return namedTransaction<CreateCompanyAction>([
    {
      name: 'company',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.company(company.tenantId, company.companyId), ...company },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    {
      name: 'company-pointer',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.companyPointer(company.companyId), tenantId: company.tenantId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ]);
}

/** A contact: the company and the customer must exist, the customer must belong to no company yet (pure). */
export function buildAddContactTransaction(
  tableName: string,
  company: Company,
  contact: CompanyContact,
): NamedTransaction<AddContactAction> {
  const { tenantId, companyId } = company;
  return namedTransaction<AddContactAction>([
    {
      name: 'company',
      item: {
        ConditionCheck: { TableName: tableName, Key: keys.company(tenantId, companyId), ConditionExpression: 'attribute_exists(PK)' },
      },
    },
    {
      name: 'customer',
      item: {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.customerProfile(tenantId, contact.customerId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
    },
    {
      name: 'contact',
      item: { Put: { TableName: tableName, Item: { ...keys.companyContact(tenantId, companyId, contact.customerId), ...contact } } },
    },
    {
      name: 'membership',
      item: {
        Put: {
          TableName: tableName,
          Item: { ...keys.companyMembership(tenantId, contact.customerId), ...contact },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ]);
}

/** Every item of a company's partition (pure). */
export function buildCompanyPartitionQuery(tableName: string, company: Company): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.companyPartition(company.tenantId, company.companyId) },
  };
}

/** A standard configuration, saved over any earlier one of the same name (pure). */
export function buildPutStandard(tableName: string, company: Company, standard: StandardConfiguration): PutCommandInput {
  return { TableName: tableName, Item: { ...keys.companyStandard(company.tenantId, company.companyId, standard.name), ...standard } };
}

/** Reads one item by key (pure). */
export function buildGetItem(tableName: string, key: Record<string, string>): GetCommandInput {
  return { TableName: tableName, Key: key };
}

export class CompanyRepository implements CompanyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(company: Company): Promise<void> {
    const transaction = buildCreateCompanyTransaction(this.tableName, company);
    try {
      await callStore('create company', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      if (failedConditions(error, transaction.names)?.size) throw new ConflictError(`company ${company.companyId} exists already`);
      throw error;
    }
  }

  async find(companyId: string, tenantId?: string): Promise<Company | undefined> {
    let tenant = tenantId;
    if (tenant === undefined) {
      const pointer = await callStore('read company pointer', () =>
        this.client.send(new GetCommand(buildGetItem(this.tableName, keys.companyPointer(companyId)))),
      );
      if (!pointer.Item) return undefined;
      tenant = String(pointer.Item.tenantId);
    }
    const result = await callStore('read company', () =>
      this.client.send(new GetCommand(buildGetItem(this.tableName, keys.company(tenant, companyId)))),
    );
    return result.Item ? (strip(result.Item) as unknown as Company) : undefined;
  }

  async addContact(company: Company, contact: CompanyContact): Promise<void> {
    const transaction = buildAddContactTransaction(this.tableName, company, contact);
    try {
      await callStore('add company contact', () => this.client.send(new TransactWriteCommand(transaction.input)));
    } catch (error) {
      const failed = failedConditions(error, transaction.names);
      if (failed?.has('company')) throw new NotFoundError(`company ${company.companyId} not found`);
      if (failed?.has('customer')) throw new NotFoundError(`customer ${contact.customerId} not found`);
      if (failed?.has('membership')) throw new ConflictError(`customer ${contact.customerId} is a contact of a company already`);
      throw error;
    }
  }

  async membershipOf(tenantId: string, customerId: string): Promise<CompanyContact | undefined> {
    const result = await callStore('read company membership', () =>
      this.client.send(new GetCommand(buildGetItem(this.tableName, keys.companyMembership(tenantId, customerId)))),
    );
    return result.Item ? (strip(result.Item) as unknown as CompanyContact) : undefined;
  }

  async members(company: Company): Promise<{ contacts: CompanyContact[]; standards: StandardConfiguration[] }> {
    const contacts: CompanyContact[] = [];
    const standards: StandardConfiguration[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await callStore('read company', () =>
        this.client.send(new QueryCommand({ ...buildCompanyPartitionQuery(this.tableName, company), ExclusiveStartKey: startKey })),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.SK);
        if (sk.startsWith('CONTACT#')) contacts.push(strip(item) as unknown as CompanyContact);
        else if (sk.startsWith('STANDARD#')) standards.push(strip(item) as unknown as StandardConfiguration);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { contacts, standards };
  }

  async putStandard(company: Company, standard: StandardConfiguration): Promise<void> {
    await callStore('save standard configuration', () =>
      this.client.send(new PutCommand(buildPutStandard(this.tableName, company, standard))),
    );
  }

  async getStandard(company: Company, name: string): Promise<StandardConfiguration | undefined> {
    const result = await callStore('read standard configuration', () =>
      this.client.send(new GetCommand(buildGetItem(this.tableName, keys.companyStandard(company.tenantId, company.companyId, name)))),
    );
    return result.Item ? (strip(result.Item) as unknown as StandardConfiguration) : undefined;
  }
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = item;
  return rest;
}
