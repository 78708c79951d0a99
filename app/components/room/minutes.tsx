// The minutes of one agenda item: a collaborative Tiptap editor bound to the item's fragment of
// the room document (`minutes.<agendaItemId>`), with everyone's carets; and a read-only
// rendering of the same fragment for whoever only reads (a meeting that has ended, the client
// and projection views). The read-only rendering walks the Yjs fragment itself rather than
// mounting an editor: an editor may normalise an empty fragment (add a paragraph), which is a
// write, and a read-only connection that writes is closed by the server.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { Fragment, useEffect, type ReactNode } from "react";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { useT } from "~/i18n";
import { minutesFragment } from "~/domain/room/room-doc";
import { useYVersion } from "./room-y";

/** The caret of someone else: its name label is for the eyes; screen readers get the text only. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.setAttribute("aria-hidden", "true");
  const color = typeof user.color === "string" ? user.color : "#4a5560";
  caret.style.borderColor = color;
  const label = document.createElement("span");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === "string" ? user.name : "";
  caret.append(label);
  return caret;
}

export function MinutesEditor(props: {
  doc: Y.Doc;
  provider: WebsocketProvider;
  agendaItemId: string;
  user: { name: string; color: string };
  labelId: string;
  describedById?: string;
}) {
  const t = useT();
  const { doc, provider, agendaItemId, user, labelId, describedById } = props;
  const editor = useEditor(
    {
      immediatelyRender: false,
      extensions: [
        // Undo and redo come from the collaboration extension: they undo only your own changes.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ fragment: minutesFragment(doc, agendaItemId) }),
        CollaborationCaret.configure({ provider, user, render: renderCaret }),
      ],
      editorProps: {
        attributes: {
          class: "minutes-editor__content",
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": labelId,
          ...(describedById ? { "aria-describedby": describedById } : {}),
        },
      },
    },
    [doc, provider, agendaItemId],
  );

  const { name, color } = user;
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser({ name, color });
  }, [editor, name, color]);

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive("bold"),
            italic: e.isActive("italic"),
            bulletList: e.isActive("bulletList"),
            orderedList: e.isActive("orderedList"),
          }
        : null,
  });

  const button = (name: "bold" | "italic" | "bulletList" | "orderedList", label: string, run: () => void) => (
    <button
      type="button"
      className="button button--small button--plain"
      aria-pressed={active?.[name] ?? false}
      disabled={!editor}
      onClick={run}
    >
      {label}
    </button>
  );

  return (
    <div className="minutes-editor">
      <div className="minutes-editor__toolbar" role="group" aria-label={t("room.minutes.toolbar")}>
        {button("bold", t("room.minutes.bold"), () => editor?.chain().focus().toggleBold().run())}
        {button("italic", t("room.minutes.italic"), () => editor?.chain().focus().toggleItalic().run())}
        {button("bulletList", t("room.minutes.bulletList"), () => editor?.chain().focus().toggleBulletList().run())}
        {button("orderedList", t("room.minutes.orderedList"), () => editor?.chain().focus().toggleOrderedList().run())}
      </div>
      {editor ? (
        <EditorContent editor={editor} className="minutes-editor__frame" />
      ) : (
        <p className="minutes-editor__frame muted">{t("room.minutes.loading")}</p>
      )}
    </div>
  );
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function renderText(node: Y.XmlText, key: string): ReactNode {
  const delta = node.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[];
  return delta.map((op, index) => {
    if (typeof op.insert !== "string") return null;
    let out: ReactNode = op.insert;
    const marks = op.attributes ?? {};
    if (marks.code) out = <code>{out}</code>;
    if (marks.bold) out = <strong>{out}</strong>;
    if (marks.italic) out = <em>{out}</em>;
    if (marks.underline) out = <u>{out}</u>;
    if (marks.strike) out = <s>{out}</s>;
    const link = marks.link as { href?: unknown } | undefined;
    if (link && typeof link.href === "string" && SAFE_LINK.test(link.href)) {
      out = (
        <a href={link.href} rel="noreferrer noopener" target="_blank">
          {out}
        </a>
      );
    }
    return <Fragment key={`${key}-${index}`}>{out}</Fragment>;
  });
}

function renderChildren(parent: Y.XmlElement | Y.XmlFragment, key: string): ReactNode[] {
  return parent.toArray().map((child, index) => renderNode(child, `${key}.${index}`));
}

function renderNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook, key: string): ReactNode {
  if (node instanceof Y.XmlText) return <Fragment key={key}>{renderText(node, key)}</Fragment>;
  if (!(node instanceof Y.XmlElement)) return null;
  const children = renderChildren(node, key);
  switch (node.nodeName) {
    case "paragraph":
      return <p key={key}>{children}</p>;
    // Headings inside the minutes are shown as strong paragraphs: the page's own headings keep their order.
    case "heading":
      return (
        <p key={key} className="minutes-view__heading">
          <strong>{children}</strong>
        </p>
      );
    case "bulletList":
      return <ul key={key}>{children}</ul>;
    case "orderedList":
      return <ol key={key}>{children}</ol>;
    case "listItem":
      return <li key={key}>{children}</li>;
    case "blockquote":
      return <blockquote key={key}>{children}</blockquote>;
    case "codeBlock":
      return (
        <pre key={key}>
          <code>{children}</code>
        </pre>
      );
    case "hardBreak":
      return <br key={key} />;
    case "horizontalRule":
      return <hr key={key} />;
    default:
      return <div key={key}>{children}</div>;
  }
}

function hasText(fragment: Y.XmlFragment): boolean {
  return (
    fragment
      .toString()
      .replace(/<[^>]*>/g, "")
      .trim().length > 0
  );
}

/** The minutes of an item as they stand, live, without an editor. */
export function MinutesView({ doc, agendaItemId, emptyText }: { doc: Y.Doc; agendaItemId: string; emptyText: string }) {
  const fragment = minutesFragment(doc, agendaItemId);
  useYVersion(fragment);
  if (!hasText(fragment)) return <p className="muted">{emptyText}</p>;
  return <div className="minutes-view">{renderChildren(fragment, agendaItemId)}</div>;
}
