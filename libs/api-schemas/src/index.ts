export {
  email,
  instant,
  isUuid,
  nullableInstant,
  nullableString,
  nullableUuid,
  pageOf,
  pageQuery,
  stringMap,
  uuid,
  uuidParams,
  type PageQuery,
} from './common.schemas.js'
export { audienceFilterProperties, campaignRecipients } from './campaign.schemas.js'
export { companyWriteFields, contactWriteFields } from './contact.schemas.js'
export { leadRequiredFields, leadStatuses } from './lead.schemas.js'
export { departmentWriteFields, leadSourceWriteFields, routingRuleWriteFields } from './routing.schemas.js'
export { mailboxStatusProperties, mailboxWriteFields } from './mailbox.schemas.js'
