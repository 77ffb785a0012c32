/**
 * The mail templates in zh-CN: layout strings, then per kind a subject, a body (paragraphs separated by a blank line) and
 * the action of its link; `phrases` holds wording a template picks by a payload value (`$t(phrases.decision.{{decision}})`).
 */
export const ZH_CN = {
  "layout": {
    "greeting": "{{name}}，您好：",
    "greetingNoName": "您好：",
    "reference": "案件编号：{{reference}}",
    "mandatory": "这是一则必须送达的通知：它关系到您所在单位的权利和义务（期限或处理结果），因此不能退订。",
    "manage": "您可以在控制台的“邮件设置”中选择即时接收、每日汇总或不接收此类邮件：{{url}}",
    "unsubscribe": "不想再收到此类邮件？退订：{{url}}",
    "signature": "{{from}}",
    "automatic": "本邮件由系统自动发送，请勿直接回复。"
  },
  // The daily digest (#15). Chinese has one plural form: each _one string is its _other, so both languages hold the same keys.
  "digest": {
    "intro": "以下是 {{date}} 的工作汇总：新收到的、今日到期的和等待您处理的事项。时间均为北京时间。",
    "nothing": "今日无。",
    "more_one": "……另有 {{count}} 项，请在控制台查看。",
    "more_other": "……另有 {{count}} 项，请在控制台查看。",
    "listSeparator": "、",
    "sections": {
      "triage": {
        "title": "新投诉待分拣",
        "count_one": "自上次汇总以来收到、仍待分拣的投诉 {{count}} 件：",
        "count_other": "自上次汇总以来收到、仍待分拣的投诉 {{count}} 件：",
        "item": "{{reference}} · {{category}}"
      },
      "dueToday": {
        "title": "今日到期",
        "count_one": "今日到期的期限 {{count}} 项：",
        "count_other": "今日到期的期限 {{count}} 项：",
        "item": "{{reference}} · {{deadline}}，{{time}} 到期"
      },
      "overdue": {
        "title": "已逾期",
        "count_one": "已逾期的未结案件 {{count}} 件：",
        "count_other": "已逾期的未结案件 {{count}} 件：",
        "item": "{{reference}} · {{missed}}"
      },
      "approvals": {
        "title": "待您审批",
        "count_one": "同事提出、等待第二位主管审批的提议 {{count}} 项：",
        "count_other": "同事提出、等待第二位主管审批的提议 {{count}} 项：",
        "item": "{{reference}} · {{proposal}}，提出于 {{date}}"
      },
      "referrals": {
        "title": "移送进展",
        "count_one": "自上次汇总以来执法机关确认接收或办结的移送 {{count}} 件：",
        "count_other": "自上次汇总以来执法机关确认接收或办结的移送 {{count}} 件：",
        "item": "{{reference}} · {{milestone}}（{{date}}）"
      },
      "messages": {
        "title": "汇总接收的通知",
        "count_one": "您选择在汇总中接收的通知 {{count}} 条：",
        "count_other": "您选择在汇总中接收的通知 {{count}} 条：",
        "item": "{{subject}}"
      }
    },
    "deadlines": {
      "triage": "分拣",
      "response": "被投诉单位答复",
      "mediation": "调解",
      "resolution": "办结目标",
      "right_of_reply": "答辩",
      "confirmation": "投诉人确认",
      "promised_action": "承诺措施"
    },
    "missed": {
      "triage": "分拣逾期",
      "response": "被投诉单位逾期未答复",
      "resolution": "超过办结目标",
      "none": "已逾期"
    },
    "proposals": {
      "publication": "公开通报",
      "referral": "移送执法机关"
    },
    "milestones": {
      "acknowledged": "执法机关已确认接收",
      "concluded": "执法机关已办结"
    }
  },
  "kinds": {
    "response_requested": {
      "subject": "请于{{dueAt}}前答复投诉（{{reference}}）",
      "body": "协会秘书处已将一件关于贵单位的投诉转交贵单位处理（类别：{{category}}）。\n\n请于 {{dueAt}}（{{workingDays}} 个工作日内）前登录控制台查看转交内容并作出答复：承诺采取的措施及完成时间，或说明投诉不实的理由，或说明投诉与贵单位无关。逾期未答复的，案件将标记为逾期，秘书处将依照自律公约继续处理。",
      "action": "查看并答复"
    },
    "response_reminder": {
      "subject": "提醒：投诉答复期限为{{dueAt}}（{{reference}}）",
      "body": "贵单位尚未答复案件 {{reference}}（类别：{{category}}）。答复期限为 {{dueAt}}。\n\n请在期限前登录控制台作出答复。",
      "action": "查看并答复"
    },
    "right_of_reply_opened": {
      "subject": "拟公开通报，请于{{dueAt}}前行使答辩权（{{reference}}）",
      "body": "秘书处拟就案件 {{reference}} 对贵单位作公开通报。公开前，贵单位有权提出书面答辩意见，答辩将与通报一并考虑。\n\n答辩期限：{{dueAt}}。期限届满未答辩的，视为放弃答辩。",
      "action": "查看并答辩"
    },
    "mediation_started_respondent": {
      "subject": "案件进入调解（{{reference}}）",
      "body": "秘书处已就案件 {{reference}} 启动调解程序，将与贵单位联系安排调解。请指定联系人并留意秘书处的通知。",
      "action": "查看案件"
    },
    "response_overdue": {
      "subject": "投诉答复已逾期（{{reference}}）",
      "body": "贵单位未在期限内答复案件 {{reference}}（类别：{{category}}）。该案件已标记为逾期，逾期情况将计入贵单位的年度评议。\n\n请尽快登录控制台作出答复，秘书处仍会考虑逾期提交的答复。",
      "action": "查看并答复"
    },
    "case_decided": {
      "subject": "案件处理结果（{{reference}}）",
      "body": "秘书处已对案件 {{reference}}（类别：{{category}}）作出处理：$t(phrases.decision.{{decision}})\n\n处理结果请登录控制台查看。",
      "action": "查看案件"
    },
    "pact_version_to_sign": {
      "subject": "请于{{dueAt}}前签署新版《{{conventionTitle}}》",
      "body": "《{{conventionTitle}}》（{{conventionCode}}）第 {{version}} 版已发布，取代贵单位此前签署的版本。贵单位的签署现为待续签状态，请于 {{dueAt}} 前签署新版本。\n\n逾期未签署的，贵单位对本公约的签署失效。",
      "action": "查看并签署"
    },
    "self_inspection_due": {
      "subject": "自查报告提交期限为{{dueAt}}（{{conventionCode}} {{period}}）",
      "body": "贵单位依照《{{conventionTitle}}》（{{conventionCode}}）应提交 {{period}} 期间的自查自纠报告，提交期限为 {{dueAt}}。\n\n请在期限前登录控制台提交：自查事项、发现的问题和整改措施。",
      "action": "提交自查报告"
    },
    "self_inspection_overdue": {
      "subject": "自查报告已逾期（{{conventionCode}} {{period}}）",
      "body": "贵单位依照《{{conventionTitle}}》（{{conventionCode}}）应提交的 {{period}} 期间自查自纠报告已于 {{dueAt}} 到期，尚未提交（或被退回后未重新提交），已列为逾期，并将计入贵单位的年度评议。\n\n请尽快登录控制台提交。",
      "action": "提交自查报告"
    },
    "complaint_received": {
      "subject": "我们已收到您的投诉（{{reference}}）",
      "body": "您的投诉已受理登记，编号为 {{reference}}。\n\n请使用此编号和提交时显示的查询码查询办理进度（为保护您的信息，邮件中不包含查询码）。",
      "action": "查询办理进度"
    },
    "respondent_answered": {
      "subject": "被投诉单位已答复（{{reference}}）",
      "body": "被投诉单位已就您的投诉 {{reference}} 作出答复，秘书处正在审核。您可以在进度查询页面查看办理情况。",
      "action": "查询办理进度"
    },
    "promised_action_due": {
      "subject": "请告诉我们：承诺的措施落实了吗？（{{reference}}）",
      "body": "被投诉单位曾承诺在约定日期前采取措施。请在进度查询页面告诉我们措施是否已经落实。",
      "action": "回答问题"
    },
    "mediation_started": {
      "subject": "您的投诉进入调解（{{reference}}）",
      "body": "秘书处已就您的投诉 {{reference}} 启动调解，将与您联系。",
      "action": "查询办理进度"
    },
    "resolution_proposed": {
      "subject": "请确认处理结果（{{reference}}）",
      "body": "秘书处已对您的投诉 {{reference}} 提出处理结果。请在 {{dueAt}} 前在进度查询页面确认或提出异议；逾期未答复的，案件将办结。",
      "action": "确认处理结果"
    },
    "case_closed": {
      "subject": "您的投诉已办结（{{reference}}）",
      "body": "您的投诉 {{reference}} 已办结。感谢您的信任。\n\n欢迎在进度查询页面对本次办理作出评价，您的意见将帮助我们改进工作。",
      "action": "评价本次办理"
    },
    "case_dismissed": {
      "subject": "关于您的投诉（{{reference}}）",
      "body": "经审查，您的投诉 {{reference}} 不予受理或终止办理。您可以在进度查询页面查看原因。",
      "action": "查询办理进度"
    },
    "case_merged": {
      "subject": "您的投诉已并案办理（{{reference}}）",
      "body": "您的投诉 {{reference}} 与同一事项的投诉 {{mergedIntoReference}} 合并办理，进度请查询 {{mergedIntoReference}}。",
      "action": "查询办理进度"
    },
    "case_unmerged": {
      "subject": "您的投诉恢复单独办理（{{reference}}）",
      "body": "您的投诉 {{reference}} 此前与其他投诉合并办理，现已撤销合并、恢复单独办理。请使用编号 {{reference}} 查询办理进度。",
      "action": "查询办理进度"
    },
    "publication_proposed": {
      "subject": "待您审批：公开通报（{{reference}}）",
      "body": "同事提出了对案件 {{reference}} 作公开通报的建议，需要另一位主管审批（四眼原则）。",
      "action": "审批"
    },
    "referral_proposed": {
      "subject": "待您审批：移送执法机关（{{reference}}）",
      "body": "同事提出了将案件 {{reference}} 移送执法机关的建议，需要另一位主管审批（四眼原则）。",
      "action": "审批"
    },
    "information_added": {
      "subject": "投诉人补充了材料（{{reference}}）",
      "body": "投诉人为案件 {{reference}} 补充了信息或证据。",
      "action": "查看案件"
    },
    "daily_digest": {
      "subject": "每日工作汇总（{{date}}）",
      "body": "{{summary}}",
      "action": "打开工作台"
    },
    "referral_sent": {
      "subject": "新的移送案件待接收（{{reference}}）",
      "body": "协会已向贵单位移送案件 {{reference}}，移送材料包已签名，可通过接口或控制台提取。为保护当事人信息，邮件不附带材料内容。\n\n提取后请确认接收并告知受理编号。",
      "action": "提取移送材料"
    },
    "callback_dead": {
      "subject": "合作网站回调投递失败（{{reference}}）",
      "body": "案件 {{reference}} 的一次状态回调多次重试后仍未送达合作网站，已转入失败列表。同一合作网站一小时内的其他失败回调不再逐一提醒，请查看失败列表并检查其回调地址。",
      "action": "查看失败列表"
    },
    "audit_verification_failed": {
      "subject": "审计日志每日校验未通过",
      "body": "审计日志每日校验未通过，首个异常位于$t(phrases.auditItem.{{failedItem}}) {{failedId}}，日志可能已被篡改。\n\n请勿尝试修复。请按运维手册“审计校验”一节处理：立即备份数据库留存证据，查看所指记录，并与最近一次校验通过的备份比对。",
      "action": "查看审计日志"
    },
    "calendar_coverage_low": {
      "subject": "请载入下一年度工作日历（剩余{{daysRemaining}}天）",
      "body": "计算期限所用的官方工作日历$t(phrases.calendarCoverage.{{coverage}})。超出部分的期限将按周一至周五计算，不考虑法定节假日和调休。\n\n请在国务院办公厅公布下一年度放假安排后载入（npm run cli -- calendar:load，或控制台的工作日历页面）。",
      "action": "查看工作日历"
    },
    "bulletin_published": {
      "subject": "{{title}}",
      "body": "{{text}}",
      "action": "在线阅读"
    }
  },
  "phrases": {
    "decision": {
      "upheld": "投诉成立。",
      "not_upheld": "投诉不成立。",
      "mediated": "经调解达成协议，投诉已解决。",
      "dismissed": "投诉不予支持，终止办理。",
      "published": "已就本案发布公开通报（贵单位的答辩意见是否一并公布，请在控制台查看）。"
    },
    "auditItem": {
      "entry": "日志条目",
      "checkpoint": "封存点"
    },
    "calendarCoverage": {
      "until": "已载入至 {{lastCoveredDate}}，剩余 {{daysRemaining}} 天",
      "none": "尚未载入本年度"
    }
  },
  "categoryUnknown": "其他"
} as const;
