import { Button, Card, Form, Input, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Modal } from './modal';

export interface ReasonDialogTexts {
  /** The card's heading, its button and the dialog's OK button. */
  action: string;
  /** What the action does, said on the card (and, with `leadInDialog`, again in the dialog). */
  lead: ReactNode;
  dialogTitle: string;
  reasonLabel: string;
  reasonRequired: string;
  /** The text when the reason is longer than `max`. */
  tooLong: string;
  cancel: string;
}

/**
 * A destructive step that needs a reason (a supervisor's retraction of a disclosure or a referral): a card that says
 * what will happen, a danger button, and a dialog that takes the reason (required, at most `max` characters).
 * `onSubmit` does the step and says whether the dialog may close.
 */
export function ReasonDialogCard({ texts, max = 2000, rows = 3, leadInDialog = false, onSubmit }: {
  texts: ReasonDialogTexts;
  max?: number;
  rows?: number;
  leadInDialog?: boolean;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      if (await onSubmit(reason)) setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="console-card-title">{texts.action}</h2>}>
      <Typography.Paragraph>{texts.lead}</Typography.Paragraph>
      <Button danger onClick={() => setOpen(true)}>{texts.action}</Button>
      <Modal
        open={open}
        title={texts.dialogTitle}
        okText={texts.action}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={texts.cancel}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {leadInDialog && <Typography.Paragraph>{texts.lead}</Typography.Paragraph>}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="reason"
            label={texts.reasonLabel}
            rules={[
              { required: true, whitespace: true, message: texts.reasonRequired },
              { max, message: texts.tooLong },
            ]}
          >
            <Input.TextArea rows={rows} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
