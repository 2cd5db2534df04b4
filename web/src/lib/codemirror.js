// CodeMirror 6 with markdown highlighting: loaded only when an editor opens, so reading pages
// never downloads it.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { markdown } from '@codemirror/lang-markdown';

/**
 * createEditor mounts an editor on parent with doc; onchange(text) runs on every edit, and
 * onfiles(files, pos) when files are pasted or dropped into it (pos: where they go).
 */
export function createEditor(parent, doc, onchange, label, onfiles) {
  const files = (list) => [...(list || [])].filter((f) => f && f.size >= 0);
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle), markdown(), EditorView.lineWrapping,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onchange(u.state.doc.toString()); }),
        EditorView.domEventHandlers({
          paste(e, view) {
            const list = files(e.clipboardData?.files);
            if (!list.length || !onfiles) return false;
            e.preventDefault();
            onfiles(list, view.state.selection.main.head);
            return true;
          },
          drop(e, view) {
            const list = files(e.dataTransfer?.files);
            if (!list.length || !onfiles) return false;
            e.preventDefault();
            const pos = view.posAtCoords({ x: e.clientX, y: e.clientY }) ?? view.state.selection.main.head;
            onfiles(list, pos);
            return true;
          },
        }),
      ],
    }),
  });
}

/** insertText puts text at pos (the cursor when absent) and moves the cursor after it. */
export function insertText(view, text, pos) {
  const at = pos ?? view.state.selection.main.head;
  view.dispatch({ changes: { from: at, insert: text }, selection: { anchor: at + text.length } });
}

/** replaceText replaces the first occurrence of find in the document; false when it is gone. */
export function replaceText(view, find, text) {
  const i = view.state.doc.toString().indexOf(find);
  if (i < 0) return false;
  view.dispatch({ changes: { from: i, to: i + find.length, insert: text } });
  return true;
}
