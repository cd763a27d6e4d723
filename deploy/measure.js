'use strict';
/**
 * What serverless.yml takes from the `measureSchedule` parameter while packaging: the measure
 * function (custom.measureFunctions) when it is set, none when it is empty (the default). Its role,
 * the delivery role and its alarm carry the condition `MeasureOn` (custom.packageConditions).
 */

module.exports.functions = async ({ resolveVariable }) => {
  const schedule = await resolveVariable('param:measureSchedule');
  return typeof schedule === 'string' && schedule.trim() !== ''
    ? resolveVariable('self:custom.measureFunctions')
    : {};
};
