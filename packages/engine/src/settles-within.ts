/** Whether `work` settled within `ms`; it is left to settle on its own otherwise. The timer holds no process open. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void work.then(
      () => true,
      () => true,
    ).then((settled) => {
      clearTimeout(timer);
      resolve(settled);
    });
  });
}
