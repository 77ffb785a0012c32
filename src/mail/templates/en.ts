/**
 * The mail templates in en: layout strings, then per kind a subject, a body (paragraphs separated by a blank line) and the
 * action of its link; `phrases` holds wording a template picks by a payload value (`$t(phrases.decision.{{decision}})`).
 */
export const EN = {
  "layout": {
    "greeting": "Dear {{name}},",
    "greetingNoName": "Hello,",
    "reference": "Case reference: {{reference}}",
    "mandatory": "This notice cannot be turned off: it concerns your organisation's rights and obligations (a deadline or a decision).",
    "manage": "Choose immediate mail, the daily digest or no mail of this kind under \"Mail settings\" in the console: {{url}}",
    "unsubscribe": "Don't want these messages? Unsubscribe: {{url}}",
    "signature": "{{from}}",
    "automatic": "This message was sent automatically; please do not reply to it."
  },
  // The daily digest (#15): section headings, counts by plural form (count_one, count_other), item lines and their labels.
  "digest": {
    "intro": "Your summary for {{date}}: what is new, what falls due and what waits for you. Times are Beijing time.",
    "nothing": "Nothing today.",
    "more_one": "… and {{count}} more in the console.",
    "more_other": "… and {{count}} more in the console.",
    "listSeparator": ", ",
    "sections": {
      "triage": {
        "title": "New in triage",
        "count_one": "{{count}} complaint received since the last summary is waiting for triage:",
        "count_other": "{{count}} complaints received since the last summary are waiting for triage:",
        "item": "{{reference}} · {{category}}"
      },
      "dueToday": {
        "title": "Due today",
        "count_one": "{{count}} deadline falls due today:",
        "count_other": "{{count}} deadlines fall due today:",
        "item": "{{reference}} · {{deadline}}, due {{time}}"
      },
      "overdue": {
        "title": "Overdue",
        "count_one": "{{count}} open case is overdue:",
        "count_other": "{{count}} open cases are overdue:",
        "item": "{{reference}} · {{missed}}"
      },
      "approvals": {
        "title": "Waiting for your approval",
        "count_one": "{{count}} proposal by a colleague waits for a second supervisor:",
        "count_other": "{{count}} proposals by colleagues wait for a second supervisor:",
        "item": "{{reference}} · {{proposal}}, proposed {{date}}"
      },
      "referrals": {
        "title": "Referrals acknowledged or concluded",
        "count_one": "{{count}} referral moved on since the last summary:",
        "count_other": "{{count}} referrals moved on since the last summary:",
        "item": "{{reference}} · {{milestone}} {{date}}"
      },
      "messages": {
        "title": "Messages kept for this summary",
        "count_one": "{{count}} message you chose to receive in the summary:",
        "count_other": "{{count}} messages you chose to receive in the summary:",
        "item": "{{subject}}"
      }
    },
    "deadlines": {
      "triage": "triage",
      "response": "respondent's answer",
      "mediation": "mediation",
      "resolution": "resolution target",
      "right_of_reply": "right of reply",
      "confirmation": "complainant's confirmation",
      "promised_action": "promised action"
    },
    "missed": {
      "triage": "triage deadline missed",
      "response": "respondent's answer overdue",
      "resolution": "resolution target missed",
      "none": "overdue"
    },
    "proposals": {
      "publication": "public notice",
      "referral": "referral to law enforcement"
    },
    "milestones": {
      "acknowledged": "acknowledged by the agency",
      "concluded": "concluded by the agency"
    }
  },
  "kinds": {
    "response_requested": {
      "subject": "Please answer a complaint by {{dueAt}} ({{reference}})",
      "body": "The association's secretariat has forwarded a complaint about your organisation to you (category: {{category}}).\n\nPlease sign in to the console, read what was forwarded and answer by {{dueAt}} (within {{workingDays}} working days): promise an action (what, and by when), explain why the complaint is unfounded, or tell us that it does not concern your organisation. Without an answer by then, the case is marked overdue and the secretariat goes on under the self-regulation pact.",
      "action": "Read and answer"
    },
    "response_reminder": {
      "subject": "Reminder: your answer is due {{dueAt}} ({{reference}})",
      "body": "Your organisation has not yet answered case {{reference}} (category: {{category}}). The answer is due {{dueAt}}.\n\nPlease sign in to the console and answer before then.",
      "action": "Read and answer"
    },
    "right_of_reply_opened": {
      "subject": "Public notice proposed: reply by {{dueAt}} ({{reference}})",
      "body": "The secretariat proposes to publish a notice about your organisation on case {{reference}}. Before it is published you may reply in writing; your reply is considered with it.\n\nReply by {{dueAt}}. Without a reply by then, you are taken to have waived it.",
      "action": "Read and reply"
    },
    "mediation_started_respondent": {
      "subject": "Mediation started ({{reference}})",
      "body": "The secretariat has started mediation on case {{reference}} and will contact your organisation to arrange it. Please name a contact person and watch for the secretariat's messages.",
      "action": "Open the case"
    },
    "response_overdue": {
      "subject": "Your answer is overdue ({{reference}})",
      "body": "The time to answer case {{reference}} (category: {{category}}) has passed without an answer from your organisation. The case is marked overdue, and a missed deadline counts in your organisation's annual evaluation.\n\nPlease sign in to the console and answer as soon as you can: the secretariat still takes a late answer into account.",
      "action": "Read and answer"
    },
    "case_decided": {
      "subject": "Decision on case {{reference}}",
      "body": "The secretariat has decided case {{reference}} (category: {{category}}): $t(phrases.decision.{{decision}})\n\nThe decision is in the console.",
      "action": "Open the case"
    },
    "pact_version_to_sign": {
      "subject": "Please sign the new version of {{conventionTitle}} by {{dueAt}}",
      "body": "Version {{version}} of {{conventionTitle}} ({{conventionCode}}) has been published and replaces the version your organisation signed. Your organisation's signature now awaits renewal: please sign the new version by {{dueAt}}.\n\nWithout a new signature by then, your organisation's signature of this pact lapses.",
      "action": "Read and sign"
    },
    "self_inspection_due": {
      "subject": "Self-inspection report due {{dueAt}} ({{conventionCode}} {{period}})",
      "body": "Your organisation's self-inspection report under {{conventionTitle}} ({{conventionCode}}) for the period {{period}} is due {{dueAt}}.\n\nPlease file it in the console before then: what you checked, what you found and what you corrected.",
      "action": "File the report"
    },
    "self_inspection_overdue": {
      "subject": "Self-inspection report overdue ({{conventionCode}} {{period}})",
      "body": "Your organisation's self-inspection report under {{conventionTitle}} ({{conventionCode}}) for the period {{period}} was due {{dueAt}} and has not been filed (or was returned and not filed again). It is listed as overdue, which counts in your organisation's annual evaluation.\n\nPlease file it in the console as soon as you can.",
      "action": "File the report"
    },
    "complaint_received": {
      "subject": "We received your complaint ({{reference}})",
      "body": "Your complaint has been registered under reference {{reference}}.\n\nFollow it with this reference and the receipt code you were shown when you sent it (to protect you, this message does not contain the code).",
      "action": "Follow your complaint"
    },
    "respondent_answered": {
      "subject": "The organisation has answered ({{reference}})",
      "body": "The organisation you complained about has answered complaint {{reference}}; the secretariat is reviewing the answer. You can follow the case on the status page.",
      "action": "Follow your complaint"
    },
    "promised_action_due": {
      "subject": "Please tell us: did they do what they promised? ({{reference}})",
      "body": "The organisation promised to take action by an agreed date. Please tell us on the status page whether it did.",
      "action": "Answer the question"
    },
    "mediation_started": {
      "subject": "Your complaint goes to mediation ({{reference}})",
      "body": "The secretariat has started mediation on your complaint {{reference}} and will contact you.",
      "action": "Follow your complaint"
    },
    "resolution_proposed": {
      "subject": "Please confirm the outcome ({{reference}})",
      "body": "The secretariat has proposed an outcome for your complaint {{reference}}. Please confirm it or dispute it on the status page by {{dueAt}}; without an answer by then, the case is closed.",
      "action": "Confirm the outcome"
    },
    "case_closed": {
      "subject": "Your complaint is closed ({{reference}})",
      "body": "Your complaint {{reference}} is closed. Thank you for your trust.\n\nPlease tell us on the status page how we handled it: your opinion helps us improve.",
      "action": "Rate how we handled it"
    },
    "case_dismissed": {
      "subject": "About your complaint ({{reference}})",
      "body": "After review, your complaint {{reference}} was not taken up or its handling ended. The status page gives the reason.",
      "action": "Follow your complaint"
    },
    "case_merged": {
      "subject": "Your complaint was merged ({{reference}})",
      "body": "Your complaint {{reference}} is handled together with complaint {{mergedIntoReference}} about the same matter; follow {{mergedIntoReference}} from now on.",
      "action": "Follow your complaint"
    },
    "case_unmerged": {
      "subject": "Your complaint is handled on its own again ({{reference}})",
      "body": "Your complaint {{reference}} had been merged with another complaint; the merge was undone, and your complaint is handled on its own again. Follow it under {{reference}}.",
      "action": "Follow your complaint"
    },
    "publication_proposed": {
      "subject": "For your approval: public notice ({{reference}})",
      "body": "A colleague proposes to publish a notice on case {{reference}}; a second supervisor must approve it (four eyes).",
      "action": "Review"
    },
    "referral_proposed": {
      "subject": "For your approval: referral to law enforcement ({{reference}})",
      "body": "A colleague proposes to refer case {{reference}} to a law-enforcement agency; a second supervisor must approve it (four eyes).",
      "action": "Review"
    },
    "information_added": {
      "subject": "The complainant added information ({{reference}})",
      "body": "The complainant added information or evidence to case {{reference}}.",
      "action": "Open the case"
    },
    "daily_digest": {
      "subject": "Your daily summary ({{date}})",
      "body": "{{summary}}",
      "action": "Open your work queues"
    },
    "referral_sent": {
      "subject": "A referral is waiting for your agency ({{reference}})",
      "body": "The association has referred case {{reference}} to your agency. Its signed packet is ready to pull through the API or the console. To protect the people concerned, this message does not contain the packet.\n\nAfter pulling it, please acknowledge it with your reference number.",
      "action": "Pull the packet"
    },
    "callback_dead": {
      "subject": "A partner callback failed for good ({{reference}})",
      "body": "A status callback for case {{reference}} could not be delivered to the partner site after all retries and is on the dead-letter list. Further failures of the same partner within the hour are not mailed one by one: see the list, and check the partner's callback URL.",
      "action": "Open the dead-letter list"
    },
    "audit_verification_failed": {
      "subject": "The audit log failed its daily verification",
      "body": "The daily verification of the audit log failed at $t(phrases.auditItem.{{failedItem}}) {{failedId}}: the log may have been altered.\n\nDo not try to repair it. Follow \"Audit verification\" in the operations guide: keep the evidence (take a database dump now), look at the named record, and compare with the latest backup that verifies.",
      "action": "Open the audit log"
    },
    "calendar_coverage_low": {
      "subject": "Please load the next year's working-day calendar ({{daysRemaining}} days left)",
      "body": "The official working-day calendar that deadlines are counted on $t(phrases.calendarCoverage.{{coverage}}). Deadlines that run past it are counted Monday to Friday, without public holidays or adjusted working days.\n\nPlease load the official list for the next year once the State Council has published it (npm run cli -- calendar:load, or the calendar page of the console).",
      "action": "Open the calendar"
    },
    "bulletin_published": {
      "subject": "{{title}}",
      "body": "{{text}}",
      "action": "Read it online"
    }
  },
  "phrases": {
    "decision": {
      "upheld": "the complaint was upheld.",
      "not_upheld": "the complaint was not upheld.",
      "mediated": "the complaint was settled by a mediation agreement.",
      "dismissed": "the complaint was dismissed and its handling ended.",
      "published": "a public notice on the case has been published (see in the console whether your reply was published with it)."
    },
    "auditItem": {
      "entry": "entry",
      "checkpoint": "checkpoint"
    },
    "calendarCoverage": {
      "until": "is loaded up to {{lastCoveredDate}}: {{daysRemaining}} days remain",
      "none": "is not loaded for the current year"
    }
  },
  "categoryUnknown": "Other"
} as const;
