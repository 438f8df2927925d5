// nnteach-revisit: land on the heading of a `#heading=` link that opens a notebook.
//
// JupyterLab 4.6 opens a link's target and then calls `setFragment` on it at once.
// `NotebookPanel.setFragment` waits only for the file to load (`context.ready`), so
// when the click is what opens the notebook, its cells are still placeholders, no
// heading is found and the notebook shows its top (jupyterlab#15207). This plugin
// wraps `NotebookPanel.prototype.setFragment`: for a `#heading=` fragment it waits
// until the panel is revealed and every cell is rendered (no placeholder left, the
// markdown headings parsed), then lets the notebook scroll to the heading.
const { NotebookPanel } = require('@jupyterlab/notebook');

const TIMEOUT_MS = 30000; // give up waiting for the rendering, and scroll anyway
const POLL_MS = 100;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function allRendered(notebook) {
  const cells = notebook.widgets;
  return (
    notebook.model !== null &&
    cells.length === notebook.model.cells.length &&
    cells.every(cell => !cell.isPlaceholder())
  );
}

async function whenRendered(panel) {
  const notebook = panel.content;
  const deadline = Date.now() + TIMEOUT_MS;
  await panel.context.ready;
  await Promise.race([panel.revealed, sleep(TIMEOUT_MS)]);
  while (!notebook.isDisposed && !allRendered(notebook) && Date.now() < deadline) {
    await sleep(POLL_MS);
  }
  if (notebook.isDisposed) {
    return;
  }
  const markdown = notebook.widgets.filter(cell => cell.model.type === 'markdown');
  await Promise.race([
    Promise.all(markdown.map(cell => cell.getHeadings())),
    sleep(Math.max(0, deadline - Date.now()))
  ]);
}

const plugin = {
  id: 'nnteach-revisit:plugin',
  description: 'Scroll a notebook opened from a #heading= link to that heading.',
  autoStart: true,
  activate: () => {
    const setFragment = NotebookPanel.prototype.setFragment;
    NotebookPanel.prototype.setFragment = function (fragment) {
      if (!/^#heading=/.test(fragment)) {
        return setFragment.call(this, fragment);
      }
      void whenRendered(this).then(() => {
        if (!this.isDisposed) {
          return this.content.setFragment(fragment);
        }
      });
    };
  }
};

module.exports = plugin;
