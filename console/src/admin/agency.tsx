/** The agency page as a chunk of its own (its code lives with the list). */
export { AgencyPage as default } from './agencies';
