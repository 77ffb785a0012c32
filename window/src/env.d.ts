/** What Vite gives the page's modules beyond TypeScript: worker constructors and stylesheets as imports. */
declare module '*?worker' {
  const WorkerConstructor: new () => Worker;
  export default WorkerConstructor;
}
declare module '*.css';
