import type { Command } from 'commander';
import type { OfficeFlags } from '../handlers/office.js';

const EXAMPLES = `
Which document (one of):
  --file PATH     open it hidden, act, save it in place in its own format, close (--no-save: only look).
                  It is saved only when every action succeeded and one of them changes the document.
  --attach        a document open in a LibreOffice (or Microsoft Office) the user runs with its UI:
                  the one titled --title, else the active one. Never saved or closed by lamb.
  --new           a new empty document; nothing is saved unless the actions include save_as.

Output: one JSON ActionResult per line on stdout; progress on stderr.
Exit codes: 0 every action verified, 3 one ran but its read-back did not hold, 1 failed, 2 bad input or usage.

Examples:
  lamb office word set_font '{"target":"title","bold":true,"font_size":16}' --file report.docx
  lamb office excel set_cell_value '{"sheet_name":"Sheet1","cell_reference":"B14","formula":"=AVERAGE(B11:B13)"}' --file sales.xlsx
  lamb office powerpoint add_slide '{"title":"Key findings","bullets":["Revenue up 12%","Churn down"]}' --file deck.pptx
  lamb office excel get_range_values '{"sheet_name":"Sheet1","start_row":1,"start_col":1,"end_row":3,"end_col":2}' --file sales.xlsx --no-save
  lamb office word --actions '[{"function":"select_paragraph","args":{"start_index":0,"end_index":1}},{"function":"set_font","args":{"font_size":16}}]' --attach --title report.docx
  lamb office word --list          (the functions of an app and their arguments)`;

/** `lamb office`: Office functions (Word, Excel, PowerPoint) through the suite's API, verified by reading back. */
export function registerOffice(program: Command): void {
  program
    .command('office')
    .description('run Office functions on a document through LibreOffice (UNO) or Microsoft Office (COM), verified by reading back')
    .argument('<app>', 'word, excel or powerpoint')
    .argument('[function]', 'the function, e.g. set_font, set_cell_value, add_slide')
    .argument('[args]', "its arguments as JSON, e.g. '{\"font_size\":16}'")
    .option('--actions <json>', 'a JSON list of {"function", "args"} run in order in one document, stopping at the first failure')
    .option('--file <path>', 'the document to open, act on and save in place')
    .option('--no-save', 'with --file: do not save (only look)')
    .option('--attach', 'act on a document open in a running LibreOffice / Office')
    .option('--title <title>', 'with --attach: the document, by its window title or file name')
    .option('--pipe <name>', 'with --attach: the UNO pipe the running LibreOffice accepts on')
    .option('--profile <dir>', 'with --attach: the profile directory of the running LibreOffice')
    .option('--new', 'act on a new empty document')
    .option('--list', 'list the functions of <app> and exit')
    .option('--timeout <ms>', 'budget of one batch of suite calls', '15000')
    .addHelpText('after', EXAMPLES)
    .action(async (app: string, fn: string | undefined, args: string | undefined, flags: OfficeFlags) =>
      (await import('../handlers/office.js')).officeCommand(app, fn, args, flags),
    );
}
