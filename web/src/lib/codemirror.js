// CodeMirror 6 with markdown highlighting: loaded only when an editor opens, so reading pages
// never downloads it.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { markdown } from '@codemirror/lang-markdown';

/** createEditor mounts an editor on parent with doc; onchange(text) runs on every edit. */
export function createEditor(parent, doc, onchange, label) {
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
      ],
    }),
  });
}
