import { Foundation1795448535442 } from './1795448535442-Foundation.js';
import { MembersAndConventions1795449001711 } from './1795449001711-MembersAndConventions.js';
import { PactsSignaturesSelfInspections1795449396326 } from './1795449396326-PactsSignaturesSelfInspections.js';
import { ComplaintsAndCases1795450043437 } from './1795450043437-ComplaintsAndCases.js';
import { DeadlinesNotificationsCallbacks1795450912883 } from './1795450912883-DeadlinesNotificationsCallbacks.js';
import { PublicationsAgenciesReferrals1795451558568 } from './1795451558568-PublicationsAgenciesReferrals.js';
import { CaseTextSearch1795451584695 } from './1795451584695-CaseTextSearch.js';
import { ReportEvaluations1795452137894 } from './1795452137894-ReportEvaluations.js';
import { ReportIndexes1795452600000 } from './1795452600000-ReportIndexes.js';
import { CaseSearchAndListIndexes1795459000000 } from './1795459000000-CaseSearchAndListIndexes.js';
import { CaseSearchTextAsync1795460000000 } from './1795460000000-CaseSearchTextAsync.js';
import { EvidenceSharedWithRespondent1795470000000 } from './1795470000000-EvidenceSharedWithRespondent.js';
import { WorkingDayCalendar1795471000000 } from './1795471000000-WorkingDayCalendar.js';
import { IdempotencyResponseSealed1795473000000 } from './1795473000000-IdempotencyResponseSealed.js';
import { CaseSnapshotFactColumns1795480000000 } from './1795480000000-CaseSnapshotFactColumns.js';
import { ReferralMilestones1795481000000 } from './1795481000000-ReferralMilestones.js';
import { ApiKeyOwnerSuspended1795482000000 } from './1795482000000-ApiKeyOwnerSuspended.js';
import { SatisfactionSurveys1795486000000 } from './1795486000000-SatisfactionSurveys.js';
import { SiteKeys1796658185141 } from './1796658185141-SiteKeys.js';
import { ChallengeSpent1796658517041 } from './1796658517041-ChallengeSpent.js';
import { ApiKeyTestMode1796700000000 } from './1796700000000-ApiKeyTestMode.js';
import { TestCases1796700100000 } from './1796700100000-TestCases.js';
import { SiteKeyTestMode1796700200000 } from './1796700200000-SiteKeyTestMode.js';
import { PartnerCallbackLegacySignature1796715150000 } from './1796715150000-PartnerCallbackLegacySignature.js';
import { OutboxDispatch1796800000000 } from './1796800000000-OutboxDispatch.js';
import { MailMessages1796800100000 } from './1796800100000-MailMessages.js';
import { OutboxDedupeKey1796800230000 } from './1796800230000-OutboxDedupeKey.js';
import { Bulletins1796810000000 } from './1796810000000-Bulletins.js';
import { MailDigests1796820000000 } from './1796820000000-MailDigests.js';
import { AuthSessions1796830000000 } from './1796830000000-AuthSessions.js';
import { CaseQueueIndexes1796840000000 } from './1796840000000-CaseQueueIndexes.js';

/** Every migration, in order (ESM: TypeORM cannot load .ts globs). */
export const MIGRATIONS: Function[] = [
  Foundation1795448535442,
  MembersAndConventions1795449001711,
  PactsSignaturesSelfInspections1795449396326,
  ComplaintsAndCases1795450043437,
  DeadlinesNotificationsCallbacks1795450912883,
  PublicationsAgenciesReferrals1795451558568,
  CaseTextSearch1795451584695,
  ReportEvaluations1795452137894,
  ReportIndexes1795452600000,
  CaseSearchAndListIndexes1795459000000,
  CaseSearchTextAsync1795460000000,
  EvidenceSharedWithRespondent1795470000000,
  WorkingDayCalendar1795471000000,
  IdempotencyResponseSealed1795473000000,
  CaseSnapshotFactColumns1795480000000,
  ReferralMilestones1795481000000,
  ApiKeyOwnerSuspended1795482000000,
  SatisfactionSurveys1795486000000,
  SiteKeys1796658185141,
  ChallengeSpent1796658517041,
  ApiKeyTestMode1796700000000,
  TestCases1796700100000,
  SiteKeyTestMode1796700200000,
  PartnerCallbackLegacySignature1796715150000,
  OutboxDispatch1796800000000,
  MailMessages1796800100000,
  OutboxDedupeKey1796800230000,
  Bulletins1796810000000,
  MailDigests1796820000000,
  AuthSessions1796830000000,
  CaseQueueIndexes1796840000000,
];
