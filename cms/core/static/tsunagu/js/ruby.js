// Furigana in the rich text editor (Draftail): the RUBY entity of cms/core/ruby_editor.py.
// "Furigana", with a word selected, asks for its reading, the suggested one (or the current
// one) filled in; an empty answer removes it. "Suggest furigana" asks the server for the
// readings of every word of the selection (the whole field when nothing is selected) and puts
// them on each word that has none. A word with furigana shows as 漢字《かんじ》 and, clicked,
// offers to edit (the first button's question again) or remove it.
// Plain JavaScript on the React and Draft.js Wagtail exposes: no build step.
(() => {
  const React = window.React;
  const { EditorState, Modifier, SelectionState } = window.DraftJS;
  const { TooltipEntity } = window.draftail;

  function ask(entityType, texts) {
    const config = window.wagtailConfig || {};
    return fetch(entityType.suggestUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        [config.CSRF_HEADER_NAME || "X-CSRFToken"]: config.CSRF_TOKEN,
      },
      body: JSON.stringify({ texts }),
    }).then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function applyRuby(content, blockKey, start, end, reading, entityType) {
    const withEntity = content.createEntity(entityType, "MUTABLE", { reading });
    const selection = SelectionState.createEmpty(blockKey).merge({
      anchorOffset: start,
      focusOffset: end,
    });
    return Modifier.applyEntity(withEntity, selection, withEntity.getLastCreatedEntityKey());
  }

  // Ranges of a block that carry an entity (ruby, a link): no suggestion goes over them.
  function taken(block) {
    const ranges = [];
    block.findEntityRanges(
      (character) => character.getEntity() !== null,
      (start, end) => ranges.push([start, end]),
    );
    return ranges;
  }

  // The ruby button: the reading of the selected word, the suggested (or current) one filled in.
  class RubySource extends React.Component {
    componentDidMount() {
      const { editorState, entityType, entity, onClose } = this.props;
      const selection = editorState.getSelection();
      if (selection.isCollapsed() || selection.getStartKey() !== selection.getEndKey()) {
        onClose();
        return;
      }
      const text = editorState
        .getCurrentContent()
        .getBlockForKey(selection.getStartKey())
        .getText()
        .slice(selection.getStartOffset(), selection.getEndOffset());
      if (entity) {
        this.prompt(text, entity.getData().reading || "");
        return;
      }
      ask(entityType, [{ text, keep: [] }])
        .then((data) => this.prompt(text, data.results[0].reading))
        .catch(() => this.prompt(text, ""));
    }

    prompt(text, suggested) {
      const { editorState, entityType, onComplete, onClose } = this.props;
      const reading = window.prompt(entityType.prompt.replace("{text}", text), suggested);
      if (reading === null) {
        onClose();
        return;
      }
      const selection = editorState.getSelection();
      let content = editorState.getCurrentContent();
      if (reading.trim()) {
        content = applyRuby(
          content,
          selection.getStartKey(),
          selection.getStartOffset(),
          selection.getEndOffset(),
          reading.trim(),
          entityType.type,
        );
      } else {
        content = Modifier.applyEntity(content, selection, null);
      }
      onComplete(EditorState.push(editorState, content, "apply-entity"));
    }

    render() {
      return null;
    }
  }

  // The suggest button: readings for every word of the selection (of the whole field when
  // nothing is selected) that has none yet. Each block goes whole, for SudachiPy to cut its
  // words in context; what lies outside the selection is kept from suggestions.
  class RubySuggestSource extends React.Component {
    componentDidMount() {
      const { editorState, entityType, onComplete, onClose } = this.props;
      const selection = editorState.getSelection();
      const content = editorState.getCurrentContent();
      let blocks = content.getBlocksAsArray();
      if (!selection.isCollapsed()) {
        const first = blocks.findIndex((block) => block.getKey() === selection.getStartKey());
        const last = blocks.findIndex((block) => block.getKey() === selection.getEndKey());
        blocks = blocks.slice(first, last + 1);
      }
      const texts = blocks.map((block) => {
        const keep = taken(block);
        const length = block.getLength();
        if (!selection.isCollapsed()) {
          if (block.getKey() === selection.getStartKey()) keep.push([0, selection.getStartOffset()]);
          if (block.getKey() === selection.getEndKey()) keep.push([selection.getEndOffset(), length]);
        }
        return { text: block.getText(), keep };
      });
      ask(entityType, texts)
        .then((data) => {
          let next = content;
          let added = 0;
          data.results.forEach((result, index) => {
            result.spans.forEach(([start, end, reading]) => {
              next = applyRuby(next, blocks[index].getKey(), start, end, reading, entityType.rubyType);
              added += 1;
            });
          });
          if (!added) {
            window.alert(entityType.nothingFound);
            onClose();
            return;
          }
          onComplete(EditorState.push(editorState, next, "apply-entity"));
        })
        .catch(() => {
          window.alert(entityType.failed);
          onClose();
        });
    }

    render() {
      return null;
    }
  }

  function Ruby(props) {
    const { entityKey, contentState } = props;
    const reading = contentState.getEntity(entityKey).getData().reading || "";
    return React.createElement(
      "span",
      { className: "tsunagu-ruby", "data-reading": reading },
      React.createElement(TooltipEntity, { ...props, icon: "#icon-title", label: reading, url: null }),
    );
  }

  window.draftail.registerPlugin({ type: "RUBY", source: RubySource, decorator: Ruby }, "entityTypes");
  window.draftail.registerPlugin({ type: "RUBY_SUGGEST", source: RubySuggestSource }, "entityTypes");
})();
