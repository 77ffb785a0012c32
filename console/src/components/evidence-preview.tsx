import { Button, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { request } from '../api/http';
import type { Evidence } from '../api/types';
import { useTranslation } from '../providers/i18n';

const previewable = (type: string) => type.startsWith('image/') || type === 'application/pdf' || type.startsWith('text/');

/** Images, PDFs and text shown in place: the file is fetched with the session (an audited download) into a blob URL. */
export function EvidencePreview({ file }: { file: Evidence }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let revoked: string | null = null;
    void request<Response>(`/v1/evidence/${file.id}`, { raw: true }).then(async (res) => {
      if (file.mediaType.startsWith('text/')) setText(await res.text());
      else {
        revoked = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: file.mediaType }));
        setUrl(revoked);
      }
    });
    return () => {
      if (revoked) URL.revokeObjectURL(revoked);
      setUrl(null);
      setText(null);
    };
  }, [open, file]);
  if (!previewable(file.mediaType)) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('evidence.preview')}</Button>
      <Modal open={open} title={file.fileName} footer={null} width={900} onCancel={() => setOpen(false)} destroyOnHidden>
        {text !== null && <Typography.Paragraph className="console-evidence-text">{text}</Typography.Paragraph>}
        {url && file.mediaType.startsWith('image/') && <img src={url} alt={file.fileName} className="console-evidence-image" />}
        {url && file.mediaType === 'application/pdf' && <iframe src={url} title={file.fileName} className="console-evidence-pdf" />}
      </Modal>
    </>
  );
}
