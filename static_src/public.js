// The public "Get help" pages: only the Exit this page button (and its Shift-three-times
// shortcut). Staff scripts are never loaded here. Everything works without this file: the
// button is an ordinary link to the neutral site.
import { createAll, ExitThisPage } from "./govuk-frontend.min.js";

createAll(ExitThisPage);
