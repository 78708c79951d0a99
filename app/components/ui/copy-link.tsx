import { useId, useState } from "react";
import { useT } from "~/i18n";

/** A read-only link with a copy button; the result is announced to screen readers. */
export function CopyLink({ link, label }: { link: string; label: string }) {
  const t = useT();
  const id = useId();
  const [isCopied, setIsCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        readOnly
        value={link}
        className="copy-link"
        onFocus={(e) => e.currentTarget.select()}
      />
      <p>
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setIsCopied(true));
          }}
        >
          {t("copyLink.copy")}
        </button>{" "}
        <span role="status">{isCopied ? t("copyLink.copied") : ""}</span>
      </p>
    </div>
  );
}
