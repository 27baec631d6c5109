import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_FORMATS, SavePresentationAsArgs } from '../../model/office-powerpoint.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { presentationOf } from './presentation-of.js';
import { saveTarget } from '../save-target.js';
import { savedFileChecks } from './saved-file.js';

/*
 * UFO's save_as(file_dir, file_name, file_ext, current_slide_only), with UFO's defaults (the presentation's
 * folder and name, ".pptx") and its path rule (lib/office/save-target.ts). Document formats (.pptx .ppt .odp) move the
 * presentation to the new file, as PowerPoint's SaveAs does; .pdf is an export. Image formats export slides
 * as UFO does: a one-slide deck, or current_slide_only, gives one image at file_dir/file_name.ext; otherwise
 * a folder file_dir/file_name/ of Slide1.ext, Slide2.ext ... (PowerPoint's SaveAs to an image format makes that
 * folder itself; for LibreOffice it is made here). Read back from the files written (saved-file.ts).
 */
export const saveAs: OfficeFunctionSpec<SavePresentationAsArgs> = {
  app: 'powerpoint',
  name: 'save_as',
  mutates: true,
  schema: SavePresentationAsArgs,
  async run(document, args) {
    const presentation = presentationOf(document);
    const format = args.file_ext;
    const target = saveTarget({ fn: 'save_as', noun: 'presentation', location: await presentation.location(), fileDir: args.file_dir, fileName: args.file_name, ext: format });
    const count = await presentation.slideCount();
    const since = Date.now();
    const uno = document.suite === 'uno';

    if (IMAGE_FORMATS.includes(format)) {
      if (count === 1 || args.current_slide_only) {
        const slide = count === 1 ? 1 : await presentation.currentSlide();
        await presentation.exportSlide(slide, target.path, format);
        return {
          method: uno ? `UNO storeToURL (${format.slice(1)} export of the current page)` : 'COM Slide.Export',
          result: { path: target.path, slide_index: slide },
          expected: `slide ${slide} exported to ${target.path}`,
          checks: savedFileChecks(target.path, format, since),
        };
      }
      const folder = join(target.dir, target.name);
      const files = Array.from({ length: count }, (_, i) => join(folder, `Slide${i + 1}${format}`));
      if (uno) {
        mkdirSync(folder, { recursive: true });
        for (const [i, file] of files.entries()) await presentation.exportSlide(i + 1, file, format);
      } else {
        await presentation.saveAs(target.path, format);
      }
      // PowerPoint names the images Slide1.PNG; match the extension without regard to case.
      const present = new Map(readdirSync(folder).map((n) => [n.toLowerCase(), n]));
      const written = files.map((f, i) => join(folder, present.get(`slide${i + 1}${format}`) ?? `Slide${i + 1}${format}`));
      return {
        method: uno ? `UNO storeToURL (${format.slice(1)} export), one page at a time` : `COM Presentation.SaveAs (FileFormat ${format})`,
        result: { path: folder, files: written },
        expected: `${count} slide images in ${folder}`,
        checks: [check(`${folder} holds Slide1..Slide${count}${format}`, count, written.filter((f) => present.has(f.slice(folder.length + 1).toLowerCase())).length), ...written.flatMap((f) => savedFileChecks(f, format, since))],
      };
    }

    await presentation.saveAs(target.path, format);
    const checks = savedFileChecks(target.path, format, since, count);
    if (format !== '.pdf') checks.push(check('the presentation now lives at', target.path, await presentation.location()));
    return {
      method: uno ? `UNO ${format === '.pdf' ? 'storeToURL' : 'storeAsURL'} (${format})` : `COM Presentation.SaveAs (${format})`,
      result: { path: target.path },
      expected: `the ${count}-slide presentation saved as ${target.path}`,
      checks,
    };
  },
};
